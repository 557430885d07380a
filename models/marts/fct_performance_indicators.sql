{{ by_document() }}

with goals as (
    select * from {{ ref('fct_performance_goals') }}
    {{ changed_documents_only() }}
),

indicators as (
    select * from {{ ref('stg_disclosures__performance_indicators') }}
    {{ changed_documents_only() }}
),

joined as (
    select
        indicators.indicator_id,
        indicators.form_id,
        goals.document_id,
        goals.county,
        goals.department,
        goals.fiscal_year,
        goals.project_name,
        indicators.source_line,
        indicators.period,
        indicators.level1_name,
        indicators.level2_name,
        indicators.level3_name,
        indicators.indicator_value
    from indicators
    inner join goals on indicators.form_id = goals.form_id
)

select * from joined

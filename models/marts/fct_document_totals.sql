-- The headline figures of every counted document, whatever its template: each figure from
-- the best source the document prints (reference.document_total_sources), summing the
-- line items of that source. A figure the document does not print stays null, never 0.
{{ by_document() }}

with documents as (
    select * from {{ ref('dim_document') }}
),

items as (
    select * from {{ ref('int_line_items_counted') }}
    {{ changed_documents_only() }}
),

sources as (
    select * from {{ ref('document_total_sources') }}
),

matched as (
    select
        items.document_id,
        sources.total_column,
        sources.priority,
        items.item_amount
    from items
    inner join sources
        on
            items.table_kind = sources.table_kind
            and items.line_key = sources.line_key
            and items.measure = sources.measure
),

best_source as (
    select
        document_id,
        total_column,
        priority,
        sum(item_amount) as figure_amount
    from matched
    group by document_id, total_column, priority
    qualify row_number() over (partition by document_id, total_column order by priority) = 1
),

pivoted as (
    select
        document_id,
        cast(max(case when total_column = 'income_total' then figure_amount end) as decimal(28, 6)) as income_total_amount,
        cast(max(case when total_column = 'expenditure_total' then figure_amount end) as decimal(28, 6))
            as expenditure_total_amount,
        cast(max(case when total_column = 'basic' then figure_amount end) as decimal(28, 6)) as basic_amount,
        cast(max(case when total_column = 'project' then figure_amount end) as decimal(28, 6)) as project_amount,
        cast(max(case when total_column = 'reserve' then figure_amount end) as decimal(28, 6)) as reserve_amount,
        cast(max(case when total_column = 'general_budget' then figure_amount end) as decimal(28, 6)) as general_budget_amount,
        cast(max(case when total_column = 'gov_fund' then figure_amount end) as decimal(28, 6)) as gov_fund_amount,
        cast(max(case when total_column = 'state_capital' then figure_amount end) as decimal(28, 6)) as state_capital_amount,
        cast(max(case when total_column = 'carryover' then figure_amount end) as decimal(28, 6)) as carryover_amount,
        cast(max(case when total_column = 'carryover_end' then figure_amount end) as decimal(28, 6)) as carryover_end_amount,
        cast(max(case when total_column = 'personnel' then figure_amount end) as decimal(28, 6)) as personnel_amount,
        cast(max(case when total_column = 'public' then figure_amount end) as decimal(28, 6)) as public_amount,
        cast(max(case when total_column = 'three_public' then figure_amount end) as decimal(28, 6)) as three_public_amount,
        cast(max(case when total_column = 'operating_cost' then figure_amount end) as decimal(28, 6)) as operating_cost_amount,
        cast(max(case when total_column = 'three_public_budget' then figure_amount end) as decimal(28, 6))
            as three_public_budget_amount,
        cast(max(case when total_column = 'fiscal_total' then figure_amount end) as decimal(28, 6)) as fiscal_total_amount
    from best_source
    group by document_id
),

totals as (
    select
        documents.document_id,
        documents.source_file,
        documents.province,
        documents.prefecture,
        documents.county,
        documents.division_code,
        documents.government_level,
        documents.department,
        documents.unit_name,
        documents.fiscal_year,
        documents.document_kind,
        documents.document_level,
        documents.template,
        pivoted.income_total_amount,
        pivoted.expenditure_total_amount,
        pivoted.basic_amount,
        pivoted.project_amount,
        pivoted.reserve_amount,
        pivoted.general_budget_amount,
        pivoted.gov_fund_amount,
        pivoted.state_capital_amount,
        pivoted.carryover_amount,
        pivoted.carryover_end_amount,
        pivoted.personnel_amount,
        pivoted.public_amount,
        pivoted.three_public_amount,
        pivoted.operating_cost_amount,
        pivoted.three_public_budget_amount,
        pivoted.fiscal_total_amount
    from documents
    left join pivoted on documents.document_id = pivoted.document_id
)

select * from totals

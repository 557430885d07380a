{{ by_document() }}

with documents as (
    select * from {{ ref('dim_document') }}
),

figures as (
    select * from {{ ref('stg_disclosures__narrative_figures') }}
    {{ changed_documents_only() }}
),

table_figures as (
    select * from {{ ref('int_table_figures_unioned') }}
),

joined as (
    select
        figures.figure_id,
        figures.document_id,
        documents.county,
        documents.department,
        documents.fiscal_year,
        figures.source_line,
        figures.section_key,
        figures.figure_key,
        figures.figure_kind,
        figures.subject,
        figures.stated_value,
        figures.unit,
        table_figures.table_number,
        table_figures.table_value,
        case
            when table_figures.table_value is not null then figures.stated_value - table_figures.table_value
        end as difference_value,
        figures.sentence
    from figures
    inner join documents on figures.document_id = documents.document_id
    left join table_figures
        on
            figures.document_id = table_figures.document_id
            and figures.figure_key = table_figures.figure_key
            and figures.figure_kind = 'amount'
            and (table_figures.subject_name is null or figures.subject = table_figures.subject_name)
)

select * from joined

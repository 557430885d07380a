with documents as (
    select * from {{ ref('dim_document') }}
),

lines as (
    select * from {{ ref('int_economic_lines_resolved') }}
    where row_kind = 'item'
),

joined as (
    select
        lines.economic_line_id,
        lines.document_id,
        documents.county,
        documents.county_code,
        documents.department,
        documents.fiscal_year,
        lines.source_line,
        lines.dept_econ_class_code,
        lines.class_name as dept_econ_class_name,
        lines.dept_econ_code,
        lines.dept_econ_name,
        lines.gov_econ_code,
        lines.gov_econ_name,
        lines.total_amount,
        lines.personnel_amount,
        lines.public_amount
    from lines
    inner join documents on lines.document_id = documents.document_id
)

select * from joined

with spending as (
    select * from {{ ref('fct_expenditure_by_subject') }}
    where subject_level = 1
),

documents as (
    select * from {{ ref('dim_document') }}
    where document_kind = 'budget'
),

per_county as (
    select
        coalesce(spending.county_code, 'unresolved:' || spending.county) || ':' || spending.fiscal_year || ':'
        || spending.subject_code as county_subject_class_id,
        spending.county_code,
        spending.county,
        documents.province,
        documents.prefecture,
        spending.fiscal_year,
        spending.subject_code,
        max(spending.subject_name) as subject_name,
        count(*) as department_count,
        sum(spending.total_amount) as total_amount,
        sum(spending.basic_amount) as basic_amount,
        sum(spending.project_amount) as project_amount,
        sum(spending.general_budget_total_amount) as general_budget_total_amount,
        sum(spending.carryover_amount) as carryover_amount
    from spending
    inner join documents on spending.document_id = documents.document_id
    group by
        spending.county_code, spending.county, documents.province, documents.prefecture, spending.fiscal_year,
        spending.subject_code
)

select * from per_county

-- Spending by functional class (类) added up per division, fiscal year and kind.
with spending as (
    select * from {{ ref('fct_expenditure_by_subject') }}
    where subject_level = 1
),

documents as (
    select * from {{ ref('dim_document') }}
    where government_level is not null
),

per_division as (
    select
        coalesce(documents.division_code, 'unresolved:' || coalesce(documents.county, documents.prefecture, documents.province))
        || ':' || documents.fiscal_year || ':' || documents.document_kind || ':' || spending.subject_code
            as division_subject_class_id,
        documents.division_code,
        documents.government_level,
        documents.province,
        documents.prefecture,
        documents.county,
        documents.fiscal_year,
        documents.document_kind,
        spending.subject_code,
        max(spending.subject_name) as subject_name,
        count(*) as document_count,
        sum(spending.total_amount) as total_amount,
        sum(spending.basic_amount) as basic_amount,
        sum(spending.project_amount) as project_amount,
        sum(spending.general_budget_total_amount) as general_budget_total_amount,
        sum(spending.carryover_amount) as carryover_amount
    from spending
    inner join documents on spending.document_id = documents.document_id
    group by
        documents.division_code, documents.government_level, documents.province, documents.prefecture, documents.county,
        documents.fiscal_year, documents.document_kind, spending.subject_code
)

select * from per_division

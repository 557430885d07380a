with documents as (
    select * from {{ ref('dim_document') }}
),

lines as (
    select * from {{ ref('stg_disclosures__subject_lines') }}
    where row_kind = 'subject'
),

catalogue as (
    select * from {{ ref('functional_subjects') }}
),

spending as (
    select
        document_id,
        subject_code,
        max(subject_level) as subject_level,
        max(parent_code) as parent_code,
        max(subject_name) as printed_subject_name,
        max(case when table_number = 3 then total_amount end) as total_amount,
        max(case when table_number = 3 then basic_amount end) as basic_amount,
        max(case when table_number = 3 then project_amount end) as project_amount,
        max(case when table_number = 5 then total_amount end) as general_budget_total_amount,
        max(case when table_number = 5 then basic_amount end) as general_budget_basic_amount,
        max(case when table_number = 5 then project_amount end) as general_budget_project_amount,
        max(case when table_number = 2 then carryover_amount end) as carryover_amount
    from lines
    where table_number in (2, 3, 5)
    group by document_id, subject_code
),

joined as (
    select
        spending.document_id || ':' || spending.subject_code as subject_expenditure_id,
        spending.document_id,
        documents.county,
        documents.county_code,
        documents.department,
        documents.fiscal_year,
        spending.subject_code,
        spending.subject_level,
        spending.parent_code,
        coalesce(catalogue.subject_name, spending.printed_subject_name) as subject_name,
        spending.printed_subject_name,
        spending.total_amount,
        spending.basic_amount,
        spending.project_amount,
        spending.general_budget_total_amount,
        spending.general_budget_basic_amount,
        spending.general_budget_project_amount,
        spending.carryover_amount
    from spending
    inner join documents on spending.document_id = documents.document_id
    left join catalogue on spending.subject_code = catalogue.subject_code
)

select * from joined

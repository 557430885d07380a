-- Spending by functional class (类) per department, fiscal year and kind, the grain the
-- year-beside-year and budget-beside-final mart joins on. A department is its division,
-- organisation name and level (a unit's budget is not its department's); a document without
-- a department or year cannot be compared with another and is left out. Grouped, so a
-- second document of one key (which the loaders' settling of identities should prevent)
-- adds up and is counted in document_count, never fans the join out.
with spending as (
    select * from {{ ref('fct_expenditure_by_subject') }}
    where subject_level = 1
),

documents as (
    select * from {{ ref('dim_document') }}
    where department is not null and fiscal_year is not null
),

keyed as (
    select
        documents.department_key,
        {{ department_columns('documents') }},
        documents.fiscal_year,
        documents.document_kind,
        documents.document_id,
        spending.subject_code,
        spending.subject_name,
        spending.total_amount,
        spending.basic_amount,
        spending.project_amount,
        spending.general_budget_total_amount
    from spending
    inner join documents on spending.document_id = documents.document_id
),

per_kind as (
    select
        department_key,
        fiscal_year,
        document_kind,
        subject_code,
        {{ department_columns(aggregate='max') }},
        max(subject_name) as subject_name,
        count(distinct document_id) as document_count,
        min(document_id) as document_id,
        sum(total_amount) as total_amount,
        sum(basic_amount) as basic_amount,
        sum(project_amount) as project_amount,
        sum(general_budget_total_amount) as general_budget_amount
    from keyed
    group by department_key, fiscal_year, document_kind, subject_code
)

select * from per_kind

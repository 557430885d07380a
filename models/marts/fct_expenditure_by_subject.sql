-- Expenditure by functional subject, from the line items of every template: the
-- expenditure table (all money: total, basic, project), the general public budget table
-- and the carry-over column of the income table.
{{ by_document() }}

with documents as (
    select * from {{ ref('dim_document') }}
),

items as (
    select * from {{ ref('int_line_items_counted') }}
    where
        line_key like 'subject:%'
        and table_kind in ('expenditure', 'general_budget_expenditure', 'income')
        {{ changed_documents_only('and') }}
),

catalogue as (
    select * from {{ ref('functional_subjects') }}
),

spending as (
    select
        document_id,
        code as subject_code,
        max(label) as printed_subject_name,
        max(case when table_kind = 'expenditure' and measure = 'total' then item_amount end) as total_amount,
        max(case when table_kind = 'expenditure' and measure = 'basic' then item_amount end) as basic_amount,
        max(case when table_kind = 'expenditure' and measure = 'project' then item_amount end) as project_amount,
        max(case when table_kind = 'general_budget_expenditure' and measure in ('total', 'amount') then item_amount end)
            as general_budget_total_amount,
        max(case when table_kind = 'general_budget_expenditure' and measure = 'basic' then item_amount end)
            as general_budget_basic_amount,
        max(case when table_kind = 'general_budget_expenditure' and measure = 'project' then item_amount end)
            as general_budget_project_amount,
        max(case when table_kind = 'income' and measure = 'carryover' then item_amount end) as carryover_amount
    from items
    group by document_id, code
),

joined as (
    select
        spending.document_id || ':' || spending.subject_code as subject_expenditure_id,
        spending.document_id,
        documents.province,
        documents.county,
        documents.county_code,
        documents.division_code,
        documents.department,
        documents.fiscal_year,
        documents.document_kind,
        spending.subject_code,
        {{ subject_level('spending.subject_code') }} as subject_level,
        {{ subject_parent_code('spending.subject_code') }} as parent_code,
        coalesce(catalogue.subject_name, spending.printed_subject_name) as subject_name,
        spending.printed_subject_name,
        cast(spending.total_amount as decimal(28, 6)) as total_amount,
        cast(spending.basic_amount as decimal(28, 6)) as basic_amount,
        cast(spending.project_amount as decimal(28, 6)) as project_amount,
        cast(spending.general_budget_total_amount as decimal(28, 6)) as general_budget_total_amount,
        cast(spending.general_budget_basic_amount as decimal(28, 6)) as general_budget_basic_amount,
        cast(spending.general_budget_project_amount as decimal(28, 6)) as general_budget_project_amount,
        cast(spending.carryover_amount as decimal(28, 6)) as carryover_amount
    from spending
    inner join documents on spending.document_id = documents.document_id
    left join catalogue on spending.subject_code = catalogue.subject_code
)

select * from joined

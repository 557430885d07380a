-- The project tables (current-year and carried-over projects) one row per printed line,
-- its fund columns side by side: the department, its units and their projects, as the
-- loader placed them (loaders/tree.py; row_level, level_method) from the line items.
{{ by_document() }}

with items as (
    select * from {{ ref('int_line_items_counted') }}
    where
        table_kind in ('project_current', 'project_carryover')
        and line_key in ('department', 'unit', 'project')
        {{ changed_documents_only('and') }}
),

lines as (
    select
        document_id || ':' || table_index || ':' || row_index as project_line_id,
        document_id,
        any_value(table_number) as table_number,
        table_kind,
        case table_kind when 'project_current' then 'current' else 'carryover' end as budget_kind,
        min(source_line) as source_line,
        row_index,
        any_value(line_key) as row_level,
        any_value(tree_method) as level_method,
        case any_value(line_key) when 'project' then any_value(parent_label) when 'unit' then any_value(label) end
            as unit_name,
        any_value(label) as item_name,
        max(case when measure in ('total', 'amount') then item_amount end) as total_amount,
        max(case when measure = 'general_budget' then item_amount end) as general_budget_amount,
        max(case when measure = 'gov_fund' then item_amount end) as gov_fund_amount,
        max(case when measure = 'state_capital' then item_amount end) as state_capital_amount,
        max(case when measure = 'special_account' then item_amount end) as special_account_amount,
        max(case when measure = 'unit_funds' then item_amount end) as unit_funds_amount
    from items
    group by document_id, table_kind, table_index, row_index
)

select * from lines

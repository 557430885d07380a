-- What analysts compare: one row per department, fiscal year and functional class (类),
-- with the budget, the final accounts of the same year and the previous year's budget and
-- final accounts side by side, in two measures (万元): all funds (the expenditure table's
-- 合计) and the general public budget (its own table; the one Jiangsu-style templates print
-- by subject when their expenditure table has no subject rows). A
-- figure whose document the warehouse does not hold stays null, so a difference is only
-- computed where both sides were printed. Rates are left to the reader: a DECIMAL division
-- would return a float.
with classes as (
    select * from {{ ref('int_department_subject_classes') }}
),

keys as (
    select
        department_key,
        fiscal_year,
        subject_code,
        {{ department_columns(aggregate='max') }},
        max(subject_name) as subject_name
    from classes
    group by department_key, fiscal_year, subject_code
),

budgets as (
    select * from classes
    where document_kind = 'budget'
),

finals as (
    select * from classes
    where document_kind = 'final_accounts'
),

side_by_side as (
    select
        keys.department_key || ':' || keys.fiscal_year || ':' || keys.subject_code as department_year_class_id,
        keys.department_key,
        {{ department_columns('keys') }},
        keys.fiscal_year,
        keys.subject_code,
        keys.subject_name,
        budgets.document_id as budget_document_id,
        budgets.document_count as budget_document_count,
        budgets.total_amount as budget_amount,
        budgets.basic_amount as budget_basic_amount,
        budgets.project_amount as budget_project_amount,
        finals.document_id as final_document_id,
        finals.document_count as final_document_count,
        finals.total_amount as final_amount,
        finals.basic_amount as final_basic_amount,
        finals.project_amount as final_project_amount,
        finals.total_amount - budgets.total_amount as final_minus_budget_amount,
        previous_budgets.total_amount as previous_budget_amount,
        previous_finals.total_amount as previous_final_amount,
        budgets.total_amount - previous_budgets.total_amount as budget_change_amount,
        finals.total_amount - previous_finals.total_amount as final_change_amount,
        budgets.general_budget_amount as budget_general_budget_amount,
        finals.general_budget_amount as final_general_budget_amount,
        finals.general_budget_amount - budgets.general_budget_amount as final_minus_budget_general_budget_amount,
        previous_budgets.general_budget_amount as previous_budget_general_budget_amount,
        previous_finals.general_budget_amount as previous_final_general_budget_amount,
        budgets.general_budget_amount - previous_budgets.general_budget_amount as budget_change_general_budget_amount,
        finals.general_budget_amount - previous_finals.general_budget_amount as final_change_general_budget_amount
    from keys
    left join budgets
        on
            keys.department_key = budgets.department_key
            and keys.fiscal_year = budgets.fiscal_year
            and keys.subject_code = budgets.subject_code
    left join finals
        on
            keys.department_key = finals.department_key
            and keys.fiscal_year = finals.fiscal_year
            and keys.subject_code = finals.subject_code
    left join budgets as previous_budgets
        on
            keys.department_key = previous_budgets.department_key
            and keys.fiscal_year = previous_budgets.fiscal_year + 1
            and keys.subject_code = previous_budgets.subject_code
    left join finals as previous_finals
        on
            keys.department_key = previous_finals.department_key
            and keys.fiscal_year = previous_finals.fiscal_year + 1
            and keys.subject_code = previous_finals.subject_code
)

select * from side_by_side

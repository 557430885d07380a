-- A year's budget beside its final accounts, per department, by functional class (类), by
-- economic class of basic expenditure and for 三公 (total and parts): what the department
-- planned (its budget disclosure), what it spent (its final accounts of the same year), the
-- difference and the execution rate. One row per department, year, classification and code
-- either side prints; a side the warehouse does not hold stays null, and so do the
-- difference and the rate.
with amounts as (
    select * from {{ ref('int_department_year_amounts') }}
),

keys as (
    select
        department_key,
        fiscal_year,
        classification,
        code,
        {{ department_columns(aggregate='max') }},
        max(code_name) as code_name
    from amounts
    group by department_key, fiscal_year, classification, code
),

budgets as (
    select * from amounts
    where document_kind = 'budget'
),

finals as (
    select * from amounts
    where document_kind = 'final_accounts'
),

side_by_side as (
    select
        keys.department_key || ':' || keys.fiscal_year || ':' || keys.classification || ':' || keys.code
            as budget_execution_id,
        keys.department_key,
        keys.fiscal_year,
        keys.classification,
        keys.code,
        keys.code_name,
        {{ department_columns('keys') }},
        budgets.document_id as budget_document_id,
        finals.document_id as final_document_id,
        budgets.amount as budget_amount,
        finals.amount as final_amount,
        finals.amount - budgets.amount as final_minus_budget_amount,
        finals.printed_budget_amount as final_printed_budget_amount
    from keys
    left join budgets
        on
            keys.department_key = budgets.department_key
            and keys.fiscal_year = budgets.fiscal_year
            and keys.classification = budgets.classification
            and keys.code = budgets.code
    left join finals
        on
            keys.department_key = finals.department_key
            and keys.fiscal_year = finals.fiscal_year
            and keys.classification = finals.classification
            and keys.code = finals.code
),

measured as (
    select
        *,
        {{ percent_of('final_amount', 'budget_amount') }} as execution_rate_percent
    from side_by_side
)

select * from measured

-- Departments' headline figures added up per division (a county, or the prefecture or
-- province of provincial and prefectural departments), fiscal year and kind, so a year's
-- budgets stand beside its final accounts. A document that names no division is left out
-- (it is in dim_document and the data-quality report).
with totals as (
    select * from {{ ref('fct_document_totals') }}
    where government_level is not null
),

per_division as (
    select
        coalesce(division_code, 'unresolved:' || coalesce(county, prefecture, province))
        || ':' || fiscal_year || ':' || document_kind as division_budget_id,
        division_code,
        government_level,
        province,
        prefecture,
        county,
        fiscal_year,
        document_kind,
        count(*) as document_count,
        sum(income_total_amount) as income_total_amount,
        sum(general_budget_amount) as general_budget_amount,
        sum(carryover_amount) as carryover_amount,
        sum(expenditure_total_amount) as expenditure_total_amount,
        sum(basic_amount) as basic_amount,
        sum(project_amount) as project_amount,
        sum(reserve_amount) as reserve_amount,
        sum(personnel_amount) as personnel_amount,
        sum(public_amount) as public_amount,
        sum(three_public_amount) as three_public_amount,
        sum(operating_cost_amount) as operating_cost_amount
    from totals
    group by division_code, government_level, province, prefecture, county, fiscal_year, document_kind
)

select * from per_division

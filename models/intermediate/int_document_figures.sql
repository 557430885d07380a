-- Every counted document's headline figures (fct_document_totals) as one row per figure,
-- with the department key, year and kind the wording and cross-document checks match on.
-- A figure the document does not print has no row (unpivot drops nulls).
with totals as (
    select * from {{ ref('fct_document_totals') }}
),

documents as (
    select * from {{ ref('dim_document') }}
),

figures as (
    unpivot (
        select
            document_id,
            income_total_amount as income_total,
            expenditure_total_amount as expenditure_total,
            basic_amount as basic,
            project_amount as project,
            reserve_amount as reserve,
            general_budget_amount as general_budget,
            gov_fund_amount as gov_fund,
            state_capital_amount as state_capital,
            carryover_amount as carryover,
            carryover_end_amount as carryover_end,
            personnel_amount as personnel,
            -- the figure's name in reference.document_total_sources, a keyword too
            public_amount as public,  -- noqa: RF04
            three_public_amount as three_public,
            operating_cost_amount as operating_cost,
            three_public_budget_amount as three_public_budget,
            fiscal_total_amount as fiscal_total
        from totals
    )
    on columns(* exclude (document_id))
    into name figure value figure_amount
),

keyed as (
    select
        figures.document_id,
        documents.department_key,
        documents.fiscal_year,
        documents.document_kind,
        figures.figure,
        figures.figure_amount
    from figures
    inner join documents on figures.document_id = documents.document_id
)

select * from keyed

with documents as (
    select * from {{ ref('dim_document') }}
    where document_kind = 'budget'
),

summary as (
    select * from {{ ref('stg_disclosures__summary_lines') }}
    where table_number = 1
),

subject_totals as (
    select * from {{ ref('stg_disclosures__subject_lines') }}
    where table_number = 3 and row_kind = 'total'
),

economic_totals as (
    select * from {{ ref('stg_disclosures__economic_lines') }}
    where row_kind = 'total'
),

three_public_totals as (
    select * from {{ ref('stg_disclosures__three_public_lines') }}
    where item_key = 'total'
),

operating_totals as (
    select * from {{ ref('stg_disclosures__operating_cost_lines') }}
    where row_kind = 'total'
),

table_1_figures as (
    select
        document_id,
        sum(case when side = 'income' and item_name = '收入总计' then amount end) as total_income_amount,
        sum(case when side = 'income' and income_group = 'current' and item_ordinal = 1 then amount end)
            as general_budget_amount,
        sum(case when side = 'income' and item_name = '上年结转' then amount end) as carryover_amount,
        sum(case when side = 'expenditure' and item_name = '支出总计' then total_amount end)
            as total_expenditure_amount
    from summary
    group by document_id
),

per_document as (
    select
        documents.document_id,
        documents.county_code,
        documents.county,
        documents.province,
        documents.prefecture,
        documents.fiscal_year,
        table_1_figures.total_income_amount,
        table_1_figures.general_budget_amount,
        table_1_figures.carryover_amount,
        table_1_figures.total_expenditure_amount,
        subject_totals.basic_amount,
        subject_totals.project_amount,
        economic_totals.personnel_amount,
        economic_totals.public_amount,
        three_public_totals.total_amount as three_public_amount,
        operating_totals.total_amount as operating_cost_amount
    from documents
    left join table_1_figures on documents.document_id = table_1_figures.document_id
    left join subject_totals on documents.document_id = subject_totals.document_id
    left join economic_totals on documents.document_id = economic_totals.document_id
    left join three_public_totals on documents.document_id = three_public_totals.document_id
    left join operating_totals on documents.document_id = operating_totals.document_id
),

per_county as (
    select
        coalesce(county_code, 'unresolved:' || county) || ':' || fiscal_year as county_budget_id,
        county_code,
        county,
        province,
        prefecture,
        fiscal_year,
        count(*) as department_count,
        sum(total_income_amount) as total_income_amount,
        sum(general_budget_amount) as general_budget_amount,
        sum(carryover_amount) as carryover_amount,
        sum(total_expenditure_amount) as total_expenditure_amount,
        sum(basic_amount) as basic_amount,
        sum(project_amount) as project_amount,
        sum(personnel_amount) as personnel_amount,
        sum(public_amount) as public_amount,
        sum(three_public_amount) as three_public_amount,
        sum(operating_cost_amount) as operating_cost_amount
    from per_document
    group by county_code, county, province, prefecture, fiscal_year
)

select * from per_county

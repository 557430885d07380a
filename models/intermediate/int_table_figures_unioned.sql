-- The table value behind each well-known narrative figure key, per document, so that a
-- stated figure can sit next to the number it restates. Class-level keys carry the
-- class name the sentence names (subject_name); the others apply to the whole document.
with summary as (
    select * from {{ ref('stg_disclosures__summary_lines') }}
),

subjects as (
    select * from {{ ref('stg_disclosures__subject_lines') }}
),

economic as (
    select * from {{ ref('stg_disclosures__economic_lines') }}
),

three_public as (
    select * from {{ ref('stg_disclosures__three_public_lines') }}
),

operating as (
    select * from {{ ref('stg_disclosures__operating_cost_lines') }}
),

table_1_income as (
    select
        document_id,
        case
            when item_name = '收入总计' then 'income_total'
            when item_name = '本年收入合计' then 'income_current'
            when item_name = '上年结转' then 'income_carryover'
            when income_group = 'current' and item_ordinal = 1 then 'income_general_budget'
            when income_group = 'current' and item_ordinal = 2 then 'income_gov_fund'
            when income_group = 'current' and item_ordinal = 3 then 'income_state_capital'
            when income_group = 'current' and item_ordinal = 4 then 'income_special_account'
            when income_group = 'current' and item_ordinal = 5 then 'income_unit_funds'
        end as figure_key,
        cast(null as varchar) as subject_name,
        1 as table_number,
        coalesce(amount, 0) as table_value
    from summary
    where table_number = 1 and side = 'income'
),

table_1_expenditure as (
    select
        document_id,
        'expenditure_total' as figure_key,
        cast(null as varchar) as subject_name,
        1 as table_number,
        total_amount as table_value
    from summary
    where table_number = 1 and side = 'expenditure' and item_name = '支出总计'
),

table_4 as (
    select
        document_id,
        case
            when side = 'income' and item_name = '收入总计' then 'fiscal_total'
            when side = 'income' and item_name = '本年收入合计' then 'fiscal_current'
            when side = 'income' and item_name like '%上年%结转%' then 'fiscal_carryover'
            when side = 'expenditure' and item_name = '支出总计' then 'fiscal_general_budget'
            when side = 'expenditure' and item_ordinal is not null then 'fiscal_class_expenditure'
        end as figure_key,
        case when side = 'expenditure' and item_ordinal is not null then item_name end as subject_name,
        4 as table_number,
        case
            when side = 'income' then coalesce(amount, 0)
            when item_name = '支出总计' then coalesce(general_budget_amount, 0)
            else total_amount
        end as table_value
    from summary
    where table_number = 4
),

table_3_and_5 as (
    select
        document_id,
        unnest(
            case table_number
                when 3 then ['expenditure_total', 'expenditure_basic', 'expenditure_project']
                else ['general_budget_current', 'basic_total', 'general_budget_project']
            end
        ) as figure_key,
        cast(null as varchar) as subject_name,
        table_number,
        unnest([coalesce(total_amount, 0), coalesce(basic_amount, 0), coalesce(project_amount, 0)]) as table_value
    from subjects
    where table_number in (3, 5) and row_kind = 'total'
),

table_5_classes as (
    select
        document_id,
        'general_budget_class_expenditure' as figure_key,
        subject_name,
        5 as table_number,
        total_amount as table_value
    from subjects
    where table_number = 5 and subject_level = 1
),

table_6 as (
    select
        document_id,
        unnest(['basic_total', 'basic_personnel', 'basic_public']) as figure_key,
        cast(null as varchar) as subject_name,
        6 as table_number,
        unnest([coalesce(total_amount, 0), coalesce(personnel_amount, 0), coalesce(public_amount, 0)]) as table_value
    from economic
    where row_kind = 'total'
),

table_10 as (
    select
        document_id,
        case item_key
            when 'total' then 'three_public_total'
            when 'overseas_travel' then 'three_public_overseas'
            when 'reception' then 'three_public_reception'
            when 'vehicle_total' then 'three_public_vehicle_total'
            when 'vehicle_purchase' then 'three_public_vehicle_purchase'
            when 'vehicle_operation' then 'three_public_vehicle_operation'
        end as figure_key,
        cast(null as varchar) as subject_name,
        10 as table_number,
        coalesce(total_amount, 0) as table_value
    from three_public
),

table_11 as (
    select
        document_id,
        'operating_cost' as figure_key,
        cast(null as varchar) as subject_name,
        11 as table_number,
        coalesce(total_amount, 0) as table_value
    from operating
    where row_kind = 'total'
),

unioned as (
    select * from table_1_income
    union all
    select * from table_1_expenditure
    union all
    select * from table_4
    union all
    select * from table_3_and_5
    union all
    select * from table_5_classes
    union all
    select * from table_6
    union all
    select * from table_10
    union all
    select * from table_11
),

deduplicated as (
    -- basic_total is printed in tables 5 and 6 and expenditure_total in 1 and 3:
    -- the narrative restates the lower-numbered summary table.
    select *
    from unioned
    where figure_key is not null
    qualify row_number() over (
        partition by document_id, figure_key, coalesce(subject_name, '') order by table_number
    ) = 1
)

select * from deduplicated

with source as (
    select * from {{ source('raw', 'summary_lines') }}
),

renamed as (
    select
        document_id || ':' || table_number || ':' || source_line || ':' || side as summary_line_id,
        document_id,
        table_number,
        source_line,
        side,
        trim(item_label) as item_label,
        item_ordinal,
        trim(item_name) as item_name,
        income_group,
        amount,
        total_amount,
        current_year_amount,
        carryover_amount,
        general_budget_amount,
        gov_fund_amount,
        state_capital_amount
    from source
)

select * from renamed

with source as (
    select * from {{ source('raw', 'three_public_lines') }}
),

renamed as (
    select
        document_id || ':' || table_number || ':' || source_line as three_public_line_id,
        document_id,
        source_line,
        trim(item_label) as item_label,
        item_key,
        total_amount,
        general_budget_amount,
        gov_fund_amount,
        state_capital_amount
    from source
)

select * from renamed

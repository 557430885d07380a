with source as (
    select * from {{ source('raw', 'project_lines') }}
),

renamed as (
    select
        document_id || ':' || table_number || ':' || source_line as project_line_id,
        document_id,
        table_number,
        source_line,
        row_index,
        budget_kind,
        row_level,
        level_method,
        trim(unit_name) as unit_name,
        trim(item_name) as item_name,
        total_amount,
        general_budget_amount,
        gov_fund_amount,
        state_capital_amount,
        special_account_amount,
        unit_funds_amount
    from source
)

select * from renamed

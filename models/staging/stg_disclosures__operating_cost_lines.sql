with source as (
    select * from {{ source('raw', 'operating_cost_lines') }}
),

renamed as (
    select
        document_id || ':' || table_number || ':' || source_line as operating_cost_line_id,
        document_id,
        source_line,
        row_kind,
        trim(unit_name) as unit_name,
        total_amount,
        general_budget_amount,
        gov_fund_amount,
        state_capital_amount
    from source
)

select * from renamed

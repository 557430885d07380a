with source as (
    select * from {{ source('raw', 'subject_lines') }}
),

renamed as (
    select
        document_id || ':' || table_number || ':' || source_line as subject_line_id,
        document_id,
        table_number,
        source_line,
        row_kind,
        subject_code,
        {{ subject_level('subject_code') }} as subject_level,
        {{ subject_parent_code('subject_code') }} as parent_code,
        trim(subject_name) as subject_name,
        total_amount,
        basic_amount,
        project_amount,
        general_budget_amount,
        gov_fund_amount,
        state_capital_amount,
        special_account_amount,
        unit_funds_amount,
        carryover_amount
    from source
)

select * from renamed

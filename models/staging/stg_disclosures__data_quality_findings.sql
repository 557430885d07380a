{{ config(tags=['findings']) }}

with source as (
    select * from {{ source('validation', 'data_quality_findings') }}
),

renamed as (
    select
        finding_id,
        document_id,
        source_file,
        county,
        department,
        fiscal_year,
        rule_id,
        severity,
        table_number,
        row_label,
        expected_amount,
        actual_amount,
        difference_amount,
        message,
        source_line
    from source
)

select * from renamed

{{ config(tags=['findings']) }}

-- Findings of every document the loaders saw, counted or not: a duplicate or failed file
-- is itself a finding, so this mart is not restricted to dim_document.
with findings as (
    select * from {{ ref('stg_disclosures__data_quality_findings') }}
),

final as (
    select
        finding_id,
        document_id,
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
        source_line,
        source_file
    from findings
)

select * from final

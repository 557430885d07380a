{{ config(tags=['findings']) }}

-- Findings of every document the loaders saw, counted or not: a duplicate or failed file
-- is itself a finding, so this mart is not restricted to dim_document.
with findings as (
    select * from {{ ref('stg_disclosures__data_quality_findings') }}
)

select * from findings

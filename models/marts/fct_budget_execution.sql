-- A year's budget beside its final accounts, per department and functional class (类): what
-- the department planned (its budget disclosure), what it spent (its final accounts of the
-- same year), the difference and the execution rate. Read from the year-beside-year mart,
-- which already pairs the two (one row per department, year and class either prints); a
-- side the warehouse does not hold stays null, and so do the difference and the rate.
with side_by_side as (
    select * from {{ ref('fct_department_years_by_subject_class') }}
),

measured as (
    select
        department_year_class_id as budget_execution_id,
        department_key,
        fiscal_year,
        subject_code,
        subject_name,
        division_code,
        province,
        prefecture,
        county,
        department,
        unit_name,
        org_name,
        document_level,
        budget_document_id,
        final_document_id,
        budget_amount,
        final_amount,
        final_minus_budget_amount,
        {{ percent_of('final_amount', 'budget_amount') }} as execution_rate_percent
    from side_by_side
)

select * from measured

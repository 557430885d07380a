-- Only documents that count: a failed load, a byte-identical copy or a second file
-- claiming the same division, department, year and kind never reaches the marts.
with documents as (
    select * from {{ ref('int_documents_resolved') }}
),

counted as (
    select
        document_id,
        county_name as county,
        county_code,
        province_name as province,
        prefecture_name as prefecture,
        division_code,
        government_level,
        county_match_method,
        department_name as department,
        unit_name,
        org_name,
        fiscal_year,
        document_kind,
        document_level,
        template,
        source_file,
        sha256,
        layout,
        encoding,
        table_count,
        error_count,
        cast('{{ run_started_at }}' as timestamp) as loaded_at
    from documents
    where is_counted and status = 'loaded'
)

select * from counted

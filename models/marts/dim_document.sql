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
        -- What documents of one department share across years and kinds: its division,
        -- organisation name and level (a unit's budget is not its department's).
        concat_ws(':', coalesce(division_code, 'unresolved'), org_name, document_level) as department_key,
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

with source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        document_id,
        source_file,
        sha256,
        byte_size,
        encoding,
        layout,
        template,
        trim(org_name) as org_name,
        trim(province_name) as printed_province_name,
        trim(prefecture_name) as printed_prefecture_name,
        trim(county_name) as county_name,
        trim(department_name) as department_name,
        trim(unit_name) as unit_name,
        fiscal_year,
        document_kind,
        document_level,
        status,
        is_counted,
        error as error_message,
        part_of,
        coalesce(part_count, 0) as part_count,
        table_count,
        error_count
    from source
)

select * from renamed

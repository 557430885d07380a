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
        trim(org_name) as org_name,
        trim(county_name) as county_name,
        trim(department_name) as department_name,
        fiscal_year,
        document_kind,
        status,
        is_counted,
        error as error_message,
        table_count,
        error_count
    from source
)

select * from renamed

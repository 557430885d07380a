with source as (
    select * from {{ source('raw', 'load_errors') }}
),

renamed as (
    select
        source_file || ':' || row_number() over (
            partition by source_file order by source_line nulls first, error_code, message
        ) as load_error_id,
        document_id,
        source_file,
        table_number,
        table_kind,
        source_line,
        severity,
        error_code,
        message,
        cell_text
    from source
)

select * from renamed

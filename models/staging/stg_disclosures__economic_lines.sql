with source as (
    select * from {{ source('raw', 'economic_lines') }}
),

renamed as (
    select
        document_id || ':' || table_number || ':' || source_line as economic_line_id,
        document_id,
        source_line,
        row_index,
        row_kind,
        trim(class_name) as class_name,
        trim(dept_econ_name) as dept_econ_name,
        trim(gov_econ_name) as gov_econ_name,
        total_amount,
        personnel_amount,
        public_amount
    from source
)

select * from renamed

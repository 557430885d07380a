with source as (
    select * from {{ source('raw', 'narrative_figures') }}
),

renamed as (
    select
        document_id || ':' || figure_index as figure_id,
        document_id,
        source_file,
        source_line,
        figure_index,
        section_key,
        section_title,
        figure_key,
        figure_kind,
        label,
        subject,
        value as stated_value,
        unit,
        sentence
    from source
)

select * from renamed

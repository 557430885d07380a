with owned as (
    -- a part's rows are its document's, numbered after the document's own
    {{ rows_of_documents('narrative_figures', 'figure_index', 'narrative_figures') }}
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
    from owned
)

select * from renamed

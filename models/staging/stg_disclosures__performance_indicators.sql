with owned as (
    -- a part's rows are its document's, numbered after the document's own
    {{ rows_of_documents('performance_indicators', 'form_index', 'performance_forms') }}
),

renamed as (
    select
        document_id || ':' || form_index || ':' || indicator_index as indicator_id,
        document_id || ':' || form_index as form_id,
        document_id,
        source_line,
        indicator_index,
        period,
        level1_name,
        level2_name,
        trim(level3_name) as level3_name,
        trim(indicator_value) as indicator_value
    from owned
)

select * from renamed

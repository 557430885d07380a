{% macro rows_of_documents(dataset, index_column, counted) %}
    {#- The rows of a raw dataset, each under its document: the rows of a part (an
        explanation published apart from the tables, status 'part') belong to the document
        it is part of, their index numbered after that document's own rows and those of its
        earlier parts (``counted``: the dataset whose rows the index counts). -#}
    with offsets as (
        select
            d.document_id,
            coalesce(d.part_of, d.document_id) as owner_id,
            coalesce(sum(coalesce(c.row_count, 0)) over (
                partition by coalesce(d.part_of, d.document_id)
                order by d.part_of is not null, d.source_file
                rows between unbounded preceding and 1 preceding
            ), 0) as index_offset
        from {{ source('raw', 'documents') }} as d
        left join (
            select
                document_id,
                count(*) as row_count
            from {{ source('raw', counted) }}
            group by document_id
        ) as c on d.document_id = c.document_id
    )

    select
        s.* exclude (document_id, {{ index_column }}),
        coalesce(o.owner_id, s.document_id) as document_id,
        cast(s.{{ index_column }} + coalesce(o.index_offset, 0) as integer) as {{ index_column }}
    from {{ source('raw', dataset) }} as s
    left join offsets as o on s.document_id = o.document_id
{% endmacro %}

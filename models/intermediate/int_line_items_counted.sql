-- The line items the marts read: counted documents only, and of a table printed twice the
-- occurrence with the most keyed line items (then the most items, then the first), so a
-- repeated table never doubles a figure, and a copy whose labels were lost is not chosen.
{{ by_document() }}

with items as (
    select * from {{ ref('stg_disclosures__line_items') }}
    {{ changed_documents_only() }}
),

documents as (
    select document_id
    from {{ ref('int_documents_resolved') }}
    where is_counted and status = 'loaded'
),

occurrences as (
    select
        document_id,
        table_kind,
        table_index,
        count(*) as item_count,
        count(line_key) as keyed_count
    from items
    group by document_id, table_kind, table_index
),

chosen as (
    select *
    from occurrences
    qualify
        row_number() over (
            partition by document_id, table_kind order by keyed_count desc, item_count desc, table_index asc
        ) = 1
),

counted as (
    select items.*
    from items
    inner join chosen
        on
            items.document_id = chosen.document_id
            and items.table_kind = chosen.table_kind
            and items.table_index = chosen.table_index
    inner join documents on items.document_id = documents.document_id
)

select * from counted

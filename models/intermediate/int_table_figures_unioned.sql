-- The table value behind each well-known narrative figure key, per document, so that a
-- stated figure can sit next to the number it restates: read from the line items by kind,
-- line key and measure (reference.narrative_figure_sources), for the documents of templates
-- whose explanation states its figures in the narrative keys' wording (narrative_figures). Where
-- several tables print a figure, the source of the lowest priority is taken (basic_total:
-- the general budget table before the economic one); a figure whose line is printed blank
-- is 0. Class-level keys carry the class
-- name the sentence names (subject_name); the others apply to the whole document.
{{ by_document() }}

with documents as (
    select documents.document_id
    from {{ ref('int_documents_resolved') }} as documents
    inner join {{ ref('templates') }} as templates on documents.template = templates.template
    where templates.narrative_figures
),

items as (
    select * from {{ ref('int_line_items_counted') }}
    where
        document_id in (select document_id from documents)
        {{ changed_documents_only('and') }}
),

sources as (
    select * from {{ ref('narrative_figure_sources') }}
),

subjects as (
    select * from {{ ref('functional_subjects') }}
    where subject_level = 1
),

-- The tables each document prints (int_line_items_counted reads one occurrence of each).
printed_tables as (
    select
        document_id,
        table_kind,
        any_value(table_number) as table_number
    from items
    group by document_id, table_kind
),

document_figures as (
    select
        items.document_id,
        sources.figure_key,
        cast(null as varchar) as subject_name,
        sources.priority,
        items.table_number,
        items.item_amount as table_value
    from items
    inner join sources
        on
            items.table_kind = sources.table_kind and items.line_key = sources.line_key
            and items.measure = sources.measure
    where not sources.per_class
),

-- A line printed with its amount left blank is no line item, yet the table says 0: where
-- no source of a figure is printed but the table of its first source is, the figure is 0.
blank_figures as (
    select
        printed_tables.document_id,
        sources.figure_key,
        cast(null as varchar) as subject_name,
        sources.priority,
        printed_tables.table_number,
        0 as table_value
    from printed_tables
    inner join sources on printed_tables.table_kind = sources.table_kind and sources.priority = 1 and not sources.per_class
    where not exists (
        select 1 from document_figures
        where
            document_figures.document_id = printed_tables.document_id
            and document_figures.figure_key = sources.figure_key
    )
),

-- 类 lines of a table by subject: the class's name as the catalogue has it.
class_figures as (
    select
        items.document_id,
        sources.figure_key,
        subjects.subject_name,
        sources.priority,
        items.table_number,
        items.item_amount as table_value
    from items
    inner join sources
        on items.table_kind = sources.table_kind and items.measure = sources.measure and sources.per_class
    inner join subjects on items.line_key = 'subject:' || subjects.subject_code
),

unioned as (
    select * from document_figures
    union all
    select * from blank_figures
    union all
    select * from class_figures
),

deduplicated as (
    select
        document_id,
        figure_key,
        subject_name,
        table_number,
        table_value
    from unioned
    qualify row_number() over (
        partition by document_id, figure_key, coalesce(subject_name, '') order by priority, table_number
    ) = 1
)

select * from deduplicated

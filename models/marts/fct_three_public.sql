-- 三公 with its parts, one row per counted document that prints a 三公 table: overseas
-- travel, vehicles (purchase, operation, their subtotal), reception, and 会议费 and 培训费
-- where printed. The measure read is the one the document's headline 三公 figure comes
-- from (reference.document_total_sources: 'three_public', and 'three_public_budget' for the
-- 预算数 a final-accounts table prints beside its 决算数), so the parts and the total are
-- read from the same column. A part the table does not print stays null, never 0.
{% set parts_budgeted = ['total', 'overseas_travel', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation', 'reception'] %}
{% set parts_printed = parts_budgeted + ['meeting', 'training'] %}

{{ by_document() }}

with documents as (
    select * from {{ ref('dim_document') }}
),

items as (
    select * from {{ ref('int_line_items_counted') }}
    where
        table_kind = 'three_public'
        {{ changed_documents_only('and') }}
),

sources as (
    select
        total_column as figure_role,
        table_kind,
        measure,
        min(priority) as priority
    from {{ ref('document_total_sources') }}
    where total_column in ('three_public', 'three_public_budget')
    group by total_column, table_kind, measure
),

matched as (
    select
        items.document_id,
        sources.figure_role,
        sources.priority,
        items.measure,
        items.line_key,
        items.item_amount
    from items
    inner join sources
        on
            items.table_kind = sources.table_kind
            and items.measure = sources.measure
),

-- The best column of each role the document prints.
chosen_measure as (
    select
        document_id,
        figure_role,
        measure
    from matched
    group by document_id, figure_role, priority, measure
    qualify row_number() over (partition by document_id, figure_role order by priority) = 1
),

parts as (
    select
        matched.document_id,
        matched.figure_role,
        matched.measure,
        matched.line_key,
        sum(matched.item_amount) as part_amount
    from matched
    inner join chosen_measure
        on
            matched.document_id = chosen_measure.document_id
            and matched.figure_role = chosen_measure.figure_role
            and matched.measure = chosen_measure.measure
    group by matched.document_id, matched.figure_role, matched.measure, matched.line_key
),

pivoted as (
    select
        document_id,
        max(case when figure_role = 'three_public' then measure end) as measure_read,
        {% for part in parts_printed -%}
            cast(
                max(case when figure_role = 'three_public' and line_key = '{{ part }}' then part_amount end)
                as decimal(28, 6)
            ) as {{ part }}_amount,
        {% endfor -%}
    {% for part in parts_budgeted -%}
        cast(
            max(case when figure_role = 'three_public_budget' and line_key = '{{ part }}' then part_amount end)
            as decimal(28, 6)
        ) as budget_{{ part }}_amount{{ ',' if not loop.last }}
    {% endfor %}
    from parts
    group by document_id
),

joined as (
    select
        documents.document_id,
        documents.source_file,
        documents.division_code,
        documents.province,
        documents.prefecture,
        documents.county,
        documents.department,
        documents.unit_name,
        documents.document_level,
        documents.fiscal_year,
        documents.document_kind,
        pivoted.* exclude (document_id)
    from pivoted
    inner join documents on pivoted.document_id = documents.document_id
)

select * from joined

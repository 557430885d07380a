-- Every identity of catalogue/identities.toml (as reference.identity_terms), computed over
-- the line items of every counted document, whatever its template.
-- One row per thing checked: what the document prints (actual), what the identity says it
-- should be (expected), how many printed terms it involves and the rounding they may carry.
{{ by_document() }}

with items as (
    select
        items.*,
        {{ half_unit_amount('items.printed_decimals', 'items.unit') }} as half_unit_amount,
        -- one printed line (a part of a two-sided row is a line of its own)
        items.line_key || ':' || items.table_index || ':' || items.row_index as line_ref,
        -- a line named by its own text (a project, a unit, an economic item) by that text
        case
            when items.tree_method is null then items.line_key
            else items.line_key || ' ' || coalesce(items.label, '')
        end as line_name
    from {{ ref('int_line_items_counted') }} as items
    {{ changed_documents_only('where', 'items.document_id') }}
),

terms as (
    select * from {{ ref('identity_terms') }}
),

-- A table the loader could not read completely (an amount it could not place, parse or
-- key) is not checked: its sums would be wrong for want of the unread amounts, and its
-- load errors already say where.
incomplete_tables as (
    select distinct
        document_id,
        table_kind
    from {{ ref('stg_disclosures__load_errors') }}
    where
        table_kind is not null
        and error_code in ('ambiguous_column', 'unmapped_amount', 'unparseable_amount', 'unkeyed_line', 'amount_outside_cells')
),

-- measures: within a line, total measure = sum of the part measures
{{ identity_sums('measures', 'measure', 'measure', 'line_ref') }},

-- lines: within a measure, total line = sum of the part lines
{{ identity_sums('lines', 'line', 'line_key', 'measure') }},

-- hierarchy: a code = sum of the codes directly under it; the total line = sum of the 类
coded as (
    select
        terms.identity_id,
        terms.line_key as total_key,
        items.*,
        split_part(items.line_key, ':', 1) as code_system,
        split_part(items.line_key, ':', 2) as code_value
    from items
    inner join terms
        on terms.identity_type = 'hierarchy' and items.table_kind = terms.table_kind
    where items.line_key like 'subject:%' or items.line_key like 'econ:%' or items.line_key = terms.line_key
),

children as (
    select
        identity_id,
        document_id,
        table_kind,
        measure,
        case
            when length(code_value) = 3 then total_key
            else code_system || ':' || left(code_value, length(code_value) - 2)
        end as parent_key,
        sum(item_amount) as expected_amount,
        sum(half_unit_amount) as half_units,
        count(*) as summand_count
    from coded
    where line_key <> total_key
    group by all
),

hierarchy_checks as (
    select
        parent.identity_id,
        parent.document_id,
        parent.table_number,
        parent.table_kind,
        parent.table_kind || ': ' || parent.line_key || ' ' || parent.measure as row_label,
        parent.source_line,
        children.expected_amount,
        parent.item_amount as actual_amount,
        children.summand_count,
        children.half_units + parent.half_unit_amount as tolerance_amount
    from coded as parent
    inner join children
        on
            parent.identity_id = children.identity_id and parent.document_id = children.document_id
            and parent.table_kind = children.table_kind and parent.measure = children.measure
            and parent.line_key = children.parent_key
),

-- tree: a line named by its own text = sum of the lines placed under it (loaders/tree.py)
tree_children as (
    select
        terms.identity_id,
        items.document_id,
        items.table_index,
        items.parent_row_index,
        items.measure,
        sum(items.item_amount) as expected_amount,
        sum(items.half_unit_amount) as half_units,
        count(*) as summand_count
    from items
    inner join terms
        on terms.identity_type = 'tree' and items.table_kind = terms.table_kind
    where items.parent_row_index is not null
    group by all
),

tree_checks as (
    select
        children.identity_id,
        parent.document_id,
        parent.table_number,
        parent.table_kind,
        parent.table_kind || ': ' || parent.line_name || ' ' || parent.measure as row_label,
        parent.source_line,
        children.expected_amount,
        parent.item_amount as actual_amount,
        children.summand_count,
        children.half_units + parent.half_unit_amount as tolerance_amount
    from items as parent
    inner join tree_children as children
        on
            parent.document_id = children.document_id and parent.table_index = children.table_index
            and parent.row_index = children.parent_row_index and parent.measure = children.measure
),

-- equal: left = right across tables, each side the first of its alternatives printed;
-- codes: the same, once for every code both sides print (compared_code)
sides as (
    select
        terms.identity_id,
        terms.role,
        items.document_id,
        items.table_number,
        items.table_kind,
        items.line_key,
        items.measure,
        items.source_line,
        items.item_amount,
        items.half_unit_amount,
        case when terms.identity_type = 'codes' then items.line_key else '' end as compared_code
    from items
    inner join terms
        on
            terms.identity_type in ('equal', 'codes')
            and items.table_kind = terms.table_kind and items.measure = terms.measure
            and (
                items.line_key = terms.line_key
                or (terms.identity_type = 'codes' and starts_with(items.line_key, terms.line_key))
            )
    qualify row_number() over (
        partition by terms.identity_id, terms.role, items.document_id, compared_code
        order by terms.rank, items.source_line
    ) = 1
),

equal_checks as (
    select
        l.identity_id,
        l.document_id,
        l.table_number,
        l.table_kind,
        l.table_kind || ': ' || l.line_key || ' ' || l.measure || ' = ' || r.table_kind || ': ' || r.line_key as row_label,
        l.source_line,
        r.item_amount as expected_amount,
        l.item_amount as actual_amount,
        1 as summand_count,
        l.half_unit_amount + r.half_unit_amount as tolerance_amount
    from sides as l
    inner join sides as r
        on
            l.identity_id = r.identity_id and l.document_id = r.document_id and l.compared_code = r.compared_code
            and r.role = 'right'
    where
        l.role = 'left'
        and not exists (
            select 1 from incomplete_tables as i
            where i.document_id = r.document_id and i.table_kind = r.table_kind
        )
),

-- balance: total = Σ signed parts, per group (a fund), each term its first printed measure
balance_terms as (
    select
        *,
        rank // 100 as term_group,
        rank // 10 as term_place
    from terms
    where identity_type = 'balance'
),

balance_items as (
    select
        balance_terms.identity_id,
        balance_terms.role,
        balance_terms.term_group,
        balance_terms.sign,
        items.document_id,
        items.table_number,
        items.table_kind,
        items.line_key,
        items.measure,
        items.source_line,
        items.item_amount,
        items.half_unit_amount
    from items
    inner join balance_terms
        on
            items.table_kind = balance_terms.table_kind
            and items.line_key = balance_terms.line_key and items.measure = balance_terms.measure
    qualify row_number() over (
        partition by balance_terms.identity_id, balance_terms.role = 'total', balance_terms.term_place, items.document_id
        order by balance_terms.rank, items.source_line
    ) = 1
),

balance_parts as (
    select
        identity_id,
        term_group,
        document_id,
        sum(sign * item_amount) as expected_amount,
        sum(half_unit_amount) as half_units,
        count(*) as summand_count,
        count(*) filter (where role = 'required_part') as required_printed
    from balance_items
    where role in ('part', 'required_part')
    group by identity_id, term_group, document_id
),

balance_checks as (
    select
        t.identity_id,
        t.document_id,
        t.table_number,
        t.table_kind,
        t.table_kind || ': ' || t.line_key || ' ' || t.measure as row_label,
        t.source_line,
        p.expected_amount,
        t.item_amount as actual_amount,
        p.summand_count,
        p.half_units + t.half_unit_amount as tolerance_amount
    from balance_items as t
    inner join balance_parts as p
        on t.identity_id = p.identity_id and t.term_group = p.term_group and t.document_id = p.document_id
    where t.role = 'total' and p.required_printed > 0
),

unioned as (
    select * from measure_checks
    union all
    select * from line_checks
    union all
    select * from hierarchy_checks
    union all
    select * from tree_checks
    union all
    select * from equal_checks
    union all
    select * from balance_checks
),

checks as (
    select
        identity_id || ':' || document_id || ':' || row_label || ':' || source_line as check_id,
        *
    from unioned
    where not exists (
        select 1 from incomplete_tables as i
        where i.document_id = unioned.document_id and i.table_kind = unioned.table_kind
    )
)

select * from checks

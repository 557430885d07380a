-- The body is CTEs set at the top level of the model that calls it, hence its indent.
-- noqa: disable=LT02
{#- The CTEs of a sum identity over line items: `prefix`_totals, `prefix`_parts,
    `prefix`_requirements, `prefix`_exclusions and `prefix`_checks. `term_field` is what the identity's terms
    name (measure for `measures`, line_key for `lines`); the identity holds within each
    value of `group_field` (each printed line, line_ref; each measure). Reads the CTEs
    `items` and `terms`. -#}
{% macro identity_sums(identity_type, prefix, term_field, group_field) -%}
{{ prefix }}_totals as (
    select
        terms.identity_id,
        items.document_id,
        items.table_number,
        items.table_kind,
        items.line_key,
        items.line_ref,
        items.line_name,
        items.measure,
        items.source_line,
        items.item_amount as actual_amount,
        items.half_unit_amount
    from items
    inner join terms
        on
            terms.identity_type = '{{ identity_type }}' and terms.role = 'total'
            and items.table_kind = terms.table_kind and items.{{ term_field }} = terms.{{ term_field }}
),

{{ prefix }}_parts as (
    select
        terms.identity_id,
        items.document_id,
        items.table_kind,
        items.{{ group_field }},
        sum(terms.sign * items.item_amount) as expected_amount,
        sum(items.half_unit_amount) as half_units,
        count(*) as summand_count
    from items
    inner join terms
        on
            terms.identity_type = '{{ identity_type }}' and terms.role = 'part'
            and items.table_kind = terms.table_kind and items.{{ term_field }} = terms.{{ term_field }}
    group by terms.identity_id, items.document_id, items.table_kind, items.{{ group_field }}
),

{#- the documents' tables that print an identity's `require`d line, and those that print its `unless` line -#}
{% for role, name in [('require', 'requirements'), ('unless', 'exclusions')] %}
{{ prefix }}_{{ name }} as (
    select
        terms.identity_id,
        items.document_id,
        items.table_kind
    from terms
    inner join items on terms.table_kind = items.table_kind and terms.{{ term_field }} = items.{{ term_field }}
    where terms.identity_type = '{{ identity_type }}' and terms.role = '{{ role }}'
    group by terms.identity_id, items.document_id, items.table_kind
),
{% endfor %}
{{ prefix }}_checks as (
    select
        t.identity_id,
        t.document_id,
        t.table_number,
        t.table_kind,
        t.table_kind || ': ' || t.line_name || ' ' || t.measure as row_label,
        t.source_line,
        p.expected_amount,
        t.actual_amount,
        p.summand_count,
        p.half_units + t.half_unit_amount as tolerance_amount
    from {{ prefix }}_totals as t
    inner join {{ prefix }}_parts as p
        on
            t.identity_id = p.identity_id and t.document_id = p.document_id
            and t.table_kind = p.table_kind and t.{{ group_field }} = p.{{ group_field }}
    -- an identity with a required line applies only where that line is printed, one
    -- with an `unless` line only where that one is not
    where
        (
            not exists (
                select 1 from terms
                where terms.identity_id = t.identity_id and terms.role = 'require'
            )
            or exists (
                select 1 from {{ prefix }}_requirements as r
                where r.identity_id = t.identity_id and r.document_id = t.document_id and r.table_kind = t.table_kind
            )
        )
        and not exists (
            select 1 from {{ prefix }}_exclusions as x
            where x.identity_id = t.identity_id and x.document_id = t.document_id and x.table_kind = t.table_kind
        )
)
{%- endmacro %}

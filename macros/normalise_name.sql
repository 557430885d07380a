{#- Names compared for matching: full-width brackets and spaces folded, bracket styles unified. -#}
{% macro normalise_name(expr) -%}
    regexp_replace(
        replace(replace(replace(replace(lower(coalesce({{ expr }}, '')), '（', '('), '）', ')'), '【', '['), '】', ']'),
        '\s+', '', 'g'
    )
{%- endmacro %}

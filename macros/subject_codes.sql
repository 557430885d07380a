{#- A functional subject code's level: 3 digits 类 (1), 5 款 (2), 7 项 (3). -#}
{% macro subject_level(code) -%}
    case length({{ code }}) when 3 then 1 when 5 then 2 when 7 then 3 end
{%- endmacro %}

{#- Its parent is its prefix: 2080101 -> 20801 -> 208. -#}
{% macro subject_parent_code(code) -%}
    case length({{ code }}) when 5 then left({{ code }}, 3) when 7 then left({{ code }}, 5) end
{%- endmacro %}

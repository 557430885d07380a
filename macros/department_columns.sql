{% macro department_columns(relation=none, aggregate=none) %}
    {#- The columns that describe a department (its division, names and level), written once
        for every model keyed by department_key: bare, from a relation (documents.province)
        or aggregated over a group (max(province) as province). -#}
    {%- set columns = [
        'division_code', 'province', 'prefecture', 'county', 'department', 'unit_name', 'org_name', 'document_level'
    ] -%}
    {%- for column in columns -%}
        {%- set qualified = (relation ~ '.' if relation else '') ~ column -%}
        {{ aggregate ~ '(' ~ qualified ~ ') as ' ~ column if aggregate else qualified }}{{ ', ' if not loop.last }}
    {%- endfor -%}
{% endmacro %}

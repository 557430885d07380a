{#- Of a document's basic-expenditure tables by economic class, the one read: the general
    budget's where both it and the fiscal appropriation's are printed (an order for dense_rank). -#}
{% macro economic_table_order(kind) -%}
    case {{ kind }} when 'general_budget_basic_by_economic' then 0 else 1 end
{%- endmacro %}

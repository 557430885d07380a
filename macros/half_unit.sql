{#- Half a unit of the last printed decimal of an amount, in 万元: the rounding an amount
    printed with `decimals` decimals in `unit` (元 or 万元) may carry. Exact decimals
    (10^n is exact in a double for the n used here). -#}
{% macro half_unit_amount(decimals, unit) -%}
    cast(5 as decimal(28, 12))
    / cast(power(10, {{ decimals }} + 1) as decimal(28, 0))
    / case when {{ unit }} = '元' then 10000 else 1 end
{%- endmacro %}

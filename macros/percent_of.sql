{#- numerator / denominator in percent to 0.01, exactly (DECIMAL; DuckDB's DECIMAL division
    returns a DOUBLE): scaled to whole millionths, divided as integers, rounded half up.
    Null where the denominator is not positive or the numerator is negative. -#}
{% macro percent_of(numerator, denominator) -%}
case
    when {{ denominator }} > 0 and {{ numerator }} >= 0
        then cast(
            (cast({{ numerator }} * 1000000 as hugeint) * 20000 + cast({{ denominator }} * 1000000 as hugeint))
            // (2 * cast({{ denominator }} * 1000000 as hugeint)) as decimal(18, 0)
        ) * 0.01
end
{%- endmacro %}

-- What a department's disclosures of one year and kind print, one row per classification and
-- code, the grain fct_budget_execution puts a budget beside its final accounts on:
--   subject_class: spending by functional class (类), the expenditure tables' 合计;
--   economic_class: basic expenditure by economic class (301, 302, ...), the class row as
--     printed, or the sum of the items printed under it where the table prints no class row
--     (a class row and its items may differ by a rounding slip: the identities report that);
--   three_public: the 三公 total and each part (the 决算数 in final accounts), named as the
--     national template prints them (reference.line_labels).
-- A final-accounts 三公 table also prints the year's 预算数: kept as printed_budget_amount. A
-- document without a department or year cannot be compared with another and is left out;
-- a second document of one key adds up and is counted in document_count, never fans a join out.
{% set three_public_parts = ['total', 'overseas_travel', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation', 'reception'] %}

with documents as (
    select * from {{ ref('dim_document') }}
    where department is not null and fiscal_year is not null
),

subject_classes as (
    select
        document_id,
        'subject_class' as classification,
        subject_code as code,
        subject_name as code_name,
        cast(total_amount as decimal(28, 6)) as amount,
        cast(null as decimal(28, 6)) as printed_budget_amount
    from {{ ref('fct_expenditure_by_subject') }}
    where subject_level = 1
),

economic_items as (
    select
        document_id,
        dept_econ_class_code as code,
        max(dept_econ_class_name) as code_name,
        cast(sum(total_amount) as decimal(28, 6)) as amount
    from {{ ref('fct_expenditure_by_economic_class') }}
    where dept_econ_class_code is not null
    group by document_id, dept_econ_class_code
),

-- Class rows as printed: the Shanxi economic table's class lines, and the coded templates'
-- 3-digit lines of the table fct_expenditure_by_economic_class reads (general budget first).
economic_class_rows as (
    select
        document_id,
        dept_econ_class_code as code,
        cast(sum(total_amount) as decimal(28, 6)) as amount
    from {{ ref('int_economic_lines_resolved') }}
    where row_kind = 'class' and dept_econ_class_code is not null
    group by document_id, dept_econ_class_code
    union all
    select
        document_id,
        substr(line_key, 6) as code,
        cast(sum(item_amount) as decimal(28, 6)) as amount
    from {{ ref('int_line_items_counted') }}
    where
        regexp_full_match(line_key, 'econ:[0-9]{3}')
        and table_kind in ('general_budget_basic_by_economic', 'fiscal_appropriation_basic_by_economic')
        and measure in ('total', 'amount')
    group by document_id, table_kind, line_key
    qualify dense_rank() over (
        partition by document_id
        order by {{ economic_table_order('table_kind') }}
    ) = 1
),

dept_classes as (
    select * from {{ ref('dept_economic_classes') }}
),

-- A table may print class rows only, or items only: either side stands alone.
economic_classes as (
    select
        coalesce(economic_class_rows.document_id, economic_items.document_id) as document_id,
        'economic_class' as classification,
        coalesce(economic_class_rows.code, economic_items.code) as code,
        coalesce(economic_items.code_name, dept_classes.dept_econ_name) as code_name,
        coalesce(economic_class_rows.amount, economic_items.amount) as amount,
        cast(null as decimal(28, 6)) as printed_budget_amount
    from economic_items
    full outer join economic_class_rows
        on
            economic_items.document_id = economic_class_rows.document_id
            and economic_items.code = economic_class_rows.code
    left join dept_classes on coalesce(economic_class_rows.code, economic_items.code) = dept_classes.dept_econ_code
),

three_public_labels as (
    select * from {{ ref('line_labels') }}
    where table_kind = 'three_public'
),

three_public_parts as (
    {% for part in three_public_parts -%}
        select
            document_id,
            '{{ part }}' as line_key,
            cast({{ part }}_amount as decimal(28, 6)) as amount,
            cast(budget_{{ part }}_amount as decimal(28, 6)) as printed_budget_amount
        from {{ ref('fct_three_public') }}
        {{ 'union all' if not loop.last }}
    {% endfor %}
),

three_public as (
    select
        parts.document_id,
        'three_public' as classification,
        parts.line_key as code,
        three_public_labels.line_label as code_name,
        parts.amount,
        parts.printed_budget_amount
    from three_public_parts as parts
    left join three_public_labels on parts.line_key = three_public_labels.line_key
    where parts.amount is not null or parts.printed_budget_amount is not null
),

unioned as (
    select * from subject_classes
    union all
    select * from economic_classes
    union all
    select * from three_public
),

keyed as (
    select
        documents.department_key,
        {{ department_columns('documents') }},
        documents.fiscal_year,
        documents.document_kind,
        unioned.*
    from unioned
    inner join documents on unioned.document_id = documents.document_id
),

per_kind as (
    select
        department_key,
        fiscal_year,
        document_kind,
        classification,
        code,
        {{ department_columns(aggregate='max') }},
        max(code_name) as code_name,
        count(distinct document_id) as document_count,
        min(document_id) as document_id,
        cast(sum(amount) as decimal(28, 6)) as amount,
        cast(sum(printed_budget_amount) as decimal(28, 6)) as printed_budget_amount
    from keyed
    group by department_key, fiscal_year, document_kind, classification, code
)

select * from per_kind

-- Economic tables that print names, not codes (the loader keys their lines econ_class and
-- econ_item, an item under its 类: loaders/tree.py), one row per printed line. Lines the
-- loader could not place (names without their structure, as a bare text layer gives them)
-- are left out: without its 类 a name resolves to no code. The
-- department code follows from the item name within its 类; the government code from the
-- printed government name within that same 类, since one department item maps to 501xx
-- for administrative bodies and 505xx for institutions. Of a document's tables the general
-- budget one is read where both are printed, and a table printed twice once.
{{ by_document() }}

with items as (
    select * from {{ ref('int_line_items_counted') }}
    where
        line_key in ('econ_class', 'econ_item')
        and tree_method is not null
        and table_kind in ('general_budget_basic_by_economic', 'fiscal_appropriation_basic_by_economic')
        {{ changed_documents_only('and') }}
    qualify dense_rank() over (
        partition by document_id
        order by {{ economic_table_order('table_kind') }}, table_index
    ) = 1
),

lines as (
    select
        document_id || ':' || table_index || ':' || row_index as economic_line_id,
        document_id,
        any_value(table_number) as table_number,
        table_kind,
        min(source_line) as source_line,
        case any_value(line_key) when 'econ_class' then 'class' else 'item' end as row_kind,
        case any_value(line_key) when 'econ_class' then any_value(label) else any_value(parent_label) end as class_name,
        any_value(label) as dept_econ_name,
        any_value(gov_econ_name) as gov_econ_name,
        max(case when measure in ('total', 'amount') then item_amount end) as total_amount,
        max(case when measure = 'personnel' then item_amount end) as personnel_amount,
        max(case when measure = 'public' then item_amount end) as public_amount
    from items
    group by document_id, table_kind, table_index, row_index
),

dept_classes as (
    select * from {{ ref('dept_economic_classes') }}
    where econ_level = 1
),

-- One code per name within a 类: codes change between years (其他社会保障缴费 was 30104, is
-- 30112), and a name printed without its code takes the national one.
dept_items as (
    select * from {{ ref('dept_economic_classes') }}
    where econ_level = 2
    qualify row_number() over (
        partition by class_code, dept_econ_name
        order by case source when 'national' then 0 else 1 end, dept_econ_code desc
    ) = 1
),

gov_map as (
    select * from {{ ref('gov_economic_name_map') }}
),

gov_items as (
    select * from {{ ref('gov_economic_classes') }}
),

with_class as (
    select
        lines.*,
        dept_classes.dept_econ_code as dept_econ_class_code
    from lines
    left join dept_classes on lines.class_name = dept_classes.dept_econ_name
),

with_codes as (
    select
        with_class.*,
        dept_items.dept_econ_code,
        gov_map.gov_econ_code,
        gov_items.gov_econ_name as gov_econ_catalogue_name
    from with_class
    left join dept_items
        on
            with_class.dept_econ_name = dept_items.dept_econ_name
            and with_class.dept_econ_class_code = dept_items.class_code
    left join gov_map
        on
            with_class.gov_econ_name = gov_map.printed_gov_econ_name
            and with_class.dept_econ_class_code = gov_map.dept_class_code
    left join gov_items on gov_map.gov_econ_code = gov_items.gov_econ_code
)

select * from with_codes

-- Basic expenditure by economic item, for every template: tables that print names only
-- (resolved to codes in their 类 context: int_economic_lines_resolved) and, for templates
-- that print the codes, the economic lines of their basic-expenditure table (general
-- budget, else fiscal appropriation).
{{ by_document() }}

with documents as (
    select * from {{ ref('dim_document') }}
),

resolved_lines as (
    select * from {{ ref('int_economic_lines_resolved') }}
    where
        row_kind = 'item'
        {{ changed_documents_only('and') }}
),

dept_classes as (
    select * from {{ ref('dept_economic_classes') }}
),

coded_items as (
    select items.*
    from {{ ref('int_line_items_counted') }} as items
    inner join documents on items.document_id = documents.document_id
    where
        items.line_key like 'econ:_____'
        and items.table_kind in ('general_budget_basic_by_economic', 'fiscal_appropriation_basic_by_economic')
        {{ changed_documents_only('and', 'items.document_id') }}
    -- The general-budget table where a document prints both.
    qualify dense_rank() over (
        partition by items.document_id
        order by {{ economic_table_order('items.table_kind') }}
    ) = 1
),

coded_lines as (
    select
        document_id || ':' || table_index || ':' || code as economic_line_id,
        document_id,
        min(source_line) as source_line,
        left(code, 3) as dept_econ_class_code,
        code as dept_econ_code,
        max(label) as dept_econ_name,
        max(case when measure in ('total', 'amount') then item_amount end) as total_amount,
        max(case when measure = 'personnel' then item_amount end) as personnel_amount,
        max(case when measure = 'public' then item_amount end) as public_amount
    from coded_items
    group by document_id, table_index, code
),

unioned as (
    select
        economic_line_id,
        document_id,
        source_line,
        dept_econ_class_code,
        class_name as dept_econ_class_name,
        dept_econ_code,
        dept_econ_name,
        gov_econ_code,
        gov_econ_name,
        total_amount,
        personnel_amount,
        public_amount
    from resolved_lines
    union all
    select
        coded_lines.economic_line_id,
        coded_lines.document_id,
        coded_lines.source_line,
        coded_lines.dept_econ_class_code,
        dept_classes.dept_econ_name as dept_econ_class_name,
        coded_lines.dept_econ_code,
        coded_lines.dept_econ_name,
        cast(null as varchar) as gov_econ_code,
        cast(null as varchar) as gov_econ_name,
        coded_lines.total_amount,
        coded_lines.personnel_amount,
        coded_lines.public_amount
    from coded_lines
    left join dept_classes on coded_lines.dept_econ_class_code = dept_classes.dept_econ_code
),

joined as (
    select
        unioned.economic_line_id,
        unioned.document_id,
        documents.province,
        documents.county,
        documents.county_code,
        documents.division_code,
        documents.department,
        documents.fiscal_year,
        documents.document_kind,
        unioned.source_line,
        unioned.dept_econ_class_code,
        unioned.dept_econ_class_name,
        unioned.dept_econ_code,
        unioned.dept_econ_name,
        unioned.gov_econ_code,
        unioned.gov_econ_name,
        cast(unioned.total_amount as decimal(28, 6)) as total_amount,
        cast(unioned.personnel_amount as decimal(28, 6)) as personnel_amount,
        cast(unioned.public_amount as decimal(28, 6)) as public_amount
    from unioned
    inner join documents on unioned.document_id = documents.document_id
)

select * from joined

{{ by_document() }}

with documents as (
    select * from {{ ref('dim_document') }}
),

projects as (
    select * from {{ ref('int_project_lines') }}
    where
        row_level = 'project'
        {{ changed_documents_only('and') }}
),

matches as (
    select * from {{ ref('int_projects_matched') }}
    {{ changed_documents_only() }}
),

joined as (
    select
        projects.project_line_id,
        projects.document_id,
        projects.table_number,
        documents.county,
        documents.county_code,
        documents.department,
        documents.fiscal_year,
        projects.budget_kind,
        projects.source_line,
        projects.unit_name,
        projects.item_name as project_name,
        projects.level_method,
        projects.total_amount,
        projects.general_budget_amount,
        projects.gov_fund_amount,
        projects.state_capital_amount,
        projects.special_account_amount,
        projects.unit_funds_amount,
        matches.form_id as performance_form_id,
        matches.match_method,
        matches.match_score
    from projects
    inner join documents on projects.document_id = documents.document_id
    left join matches on projects.project_line_id = matches.project_line_id
)

select * from joined

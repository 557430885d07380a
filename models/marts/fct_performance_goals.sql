{{ by_document() }}

with documents as (
    select * from {{ ref('dim_document') }}
),

forms as (
    select * from {{ ref('stg_disclosures__performance_forms') }}
    {{ changed_documents_only() }}
),

matches as (
    select * from {{ ref('int_projects_matched') }}
    {{ changed_documents_only() }}
),

joined as (
    select
        forms.form_id,
        forms.document_id,
        documents.county,
        documents.county_code,
        documents.department,
        documents.fiscal_year,
        forms.form_kind,
        forms.form_year,
        forms.source_line,
        forms.project_name,
        forms.department_code,
        forms.supervising_department,
        forms.implementing_unit,
        forms.project_attribute,
        forms.project_period,
        forms.goal_implementation,
        forms.goal_annual,
        forms.implementation_total_yuan,
        forms.implementation_central_yuan,
        forms.implementation_provincial_yuan,
        forms.implementation_local_yuan,
        forms.implementation_self_raised_yuan,
        forms.implementation_other_yuan,
        forms.annual_total_yuan,
        forms.annual_central_yuan,
        forms.annual_provincial_yuan,
        forms.annual_local_yuan,
        forms.annual_self_raised_yuan,
        forms.annual_other_yuan,
        forms.indicator_count,
        matches.project_line_id,
        matches.match_method,
        matches.match_score
    from forms
    inner join documents on forms.document_id = documents.document_id
    left join matches on forms.form_id = matches.form_id
)

select * from joined

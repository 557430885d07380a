with owned as (
    -- a part's rows are its document's, numbered after the document's own
    {{ rows_of_documents('performance_forms', 'form_index', 'performance_forms') }}
),

renamed as (
    select
        document_id || ':' || form_index as form_id,
        document_id,
        form_index,
        form_kind,
        title_line as source_line,
        end_line,
        form_year,
        trim(project_name) as project_name,
        department_code,
        trim(supervising_department) as supervising_department,
        trim(department_name) as department_name,
        trim(implementing_unit) as implementing_unit,
        project_attribute,
        project_period,
        overview,
        basis,
        necessity,
        safeguards,
        plan,
        goal_implementation,
        goal_annual,
        implementation_total_yuan,
        implementation_central_yuan,
        implementation_provincial_yuan,
        implementation_local_yuan,
        implementation_self_raised_yuan,
        implementation_other_yuan,
        annual_total_yuan,
        annual_central_yuan,
        annual_provincial_yuan,
        annual_local_yuan,
        annual_self_raised_yuan,
        annual_other_yuan,
        indicator_count
    from owned
)

select * from renamed

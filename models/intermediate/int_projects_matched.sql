-- Performance forms name their project slightly differently from table 12 (typos, OCR,
-- abbreviations). A form matches a project of the same document when the names agree
-- after normalisation ('exact'), are similar ('fuzzy', Jaro-Winkler >= 0.85), or the
-- form's annual funding equals the project's amount and the names are at least loosely
-- similar ('amount', >= 0.6). Each project takes its best form and each form its best
-- project.
-- Names are normalised once per row, not once per pair: a document's projects meet all its
-- forms, so the pairs outnumber the rows many times over.
{{ by_document() }}

with projects as (
    select
        *,
        {{ normalise_name('item_name') }} as project_key
    from {{ ref('int_project_lines') }}
    where
        row_level = 'project'
        and budget_kind = 'current'
        {{ changed_documents_only('and') }}
),

forms as (
    select
        *,
        {{ normalise_name('project_name') }} as form_key
    from {{ ref('stg_disclosures__performance_forms') }}
    where
        form_kind = 'project'
        {{ changed_documents_only('and') }}
),

pairs as (
    select
        projects.document_id,
        projects.project_line_id,
        forms.form_id,
        projects.project_key,
        forms.form_key,
        jaro_winkler_similarity(projects.project_key, forms.form_key) as name_score,
        coalesce(abs(forms.annual_total_yuan / 10000 - projects.total_amount) <= 0.005, false) as is_amount_equal
    from projects
    inner join forms on projects.document_id = forms.document_id
),

classified as (
    select
        document_id,
        project_line_id,
        form_id,
        name_score,
        case
            when project_key = form_key then 'exact'
            when name_score >= 0.85 then 'fuzzy'
            when is_amount_equal and name_score >= 0.6 then 'amount'
        end as match_method,
        case
            when project_key = form_key then 1
            when name_score >= 0.85 then 2
            else 3
        end as method_rank,
        is_amount_equal
    from pairs
),

eligible as (
    select * from classified
    where match_method is not null
),

best_per_project as (
    select *
    from eligible
    qualify row_number() over (
        partition by project_line_id order by method_rank asc, is_amount_equal desc, name_score desc, form_id asc
    ) = 1
),

best_per_form as (
    select *
    from best_per_project
    qualify row_number() over (
        partition by form_id order by method_rank asc, is_amount_equal desc, name_score desc, project_line_id asc
    ) = 1
)

select
    document_id,
    project_line_id,
    form_id,
    match_method,
    round(name_score, 4) as match_score
from best_per_form

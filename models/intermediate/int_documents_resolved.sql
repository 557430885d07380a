-- A document's division: the county-level unit its organisation name starts with, or,
-- for a provincial or prefectural department (no county in the name), the prefecture or
-- province the name contains. County names repeat across prefectures (城区, 朝阳区 …): such
-- a name resolves only when it is unique nationally, or unique among the counties of the
-- prefecture or province the organisation name also prints.
with documents as (
    select * from {{ ref('stg_disclosures__documents') }}
),

counties as (
    select * from {{ ref('county_divisions') }}
),

upper_divisions as (
    select * from {{ ref('upper_divisions') }}
),

county_candidates as (
    select
        documents.document_id,
        counties.county_code,
        counties.prefecture_name,
        counties.province_name,
        count(*) over (partition by documents.document_id) as candidate_count,
        contains(documents.org_name, counties.prefecture_name) as is_prefecture_named,
        contains(documents.org_name, counties.province_name) as is_province_named
    from documents
    inner join counties on documents.county_name = counties.county_name
),

county_chosen as (
    select
        document_id,
        county_code,
        prefecture_name,
        province_name,
        case
            when candidate_count = 1 then 'unique_name'
            when is_prefecture_named then 'prefecture_in_name'
            else 'province_in_name'
        end as county_match_method
    from county_candidates
    where candidate_count = 1 or is_prefecture_named or is_province_named
    qualify count(*) over (partition by document_id) = 1
),

-- A municipality is both a province and a prefecture of the same name: it stands as the
-- province.
upper_candidates as (
    select
        documents.document_id,
        upper_divisions.division_code,
        upper_divisions.division_name,
        upper_divisions.division_level,
        upper_divisions.province_name
    from documents
    inner join upper_divisions
        on contains(documents.org_name, upper_divisions.division_name)
    where
        documents.county_name is null
        and not (upper_divisions.division_level = 'prefecture' and upper_divisions.division_name = upper_divisions.province_name)
),

upper_chosen as (
    select *
    from upper_candidates
    qualify row_number() over (
        partition by document_id
        order by case division_level when 'prefecture' then 0 else 1 end, length(division_name) desc, division_code
    ) = 1
),

resolved as (
    select
        documents.*,
        county_chosen.county_code,
        coalesce(county_chosen.county_code, upper_chosen.division_code) as division_code,
        coalesce(
            county_chosen.prefecture_name,
            case when upper_chosen.division_level = 'prefecture' then upper_chosen.division_name end
        ) as prefecture_name,
        coalesce(county_chosen.province_name, upper_chosen.province_name) as province_name,
        case
            when documents.county_name is not null and regexp_matches(documents.department_name, '(街道办事处|镇人民政府|乡人民政府)$')
                then 'township'
            when documents.county_name is not null then 'county'
            else upper_chosen.division_level
        end as government_level,
        coalesce(county_chosen.county_match_method, 'unresolved') as county_match_method
    from documents
    left join county_chosen on documents.document_id = county_chosen.document_id
    left join upper_chosen on documents.document_id = upper_chosen.document_id
)

select * from resolved

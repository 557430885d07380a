-- County names repeat across prefectures (城区, 朝阳区 …): a name resolves only when it
-- is unique nationally, or unique within the prefecture the document names.
with documents as (
    select * from {{ ref('stg_disclosures__documents') }}
),

divisions as (
    select * from {{ ref('county_divisions') }}
),

candidates as (
    select
        documents.document_id,
        divisions.county_code,
        divisions.prefecture_name,
        divisions.province_name,
        count(*) over (partition by documents.document_id) as candidate_count,
        contains(documents.org_name, divisions.prefecture_name) as is_prefecture_named
    from documents
    inner join divisions on documents.county_name = divisions.county_name
),

chosen as (
    select
        document_id,
        county_code,
        prefecture_name,
        province_name,
        case when candidate_count = 1 then 'unique_name' else 'prefecture_in_name' end as county_match_method
    from candidates
    where candidate_count = 1 or is_prefecture_named
    qualify count(*) over (partition by document_id) = 1
),

resolved as (
    select
        documents.*,
        chosen.county_code,
        chosen.prefecture_name,
        chosen.province_name,
        coalesce(chosen.county_match_method, 'unresolved') as county_match_method
    from documents
    left join chosen on documents.document_id = chosen.document_id
)

select * from resolved

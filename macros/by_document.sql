{#- Models whose rows each belong to one document, and depend only on that document's
    rows, its row in documents and the seeds, are built by document: a build that finds the
    warehouse it replaces built by the same code (scripts/build_state.py) recomputes the
    documents whose loaded rows changed (added, removed, re-read, or whose counting changed)
    and keeps every other document's rows. The changed documents are listed, before dbt
    runs, in build.changed_documents. -#}

{% macro by_document() -%}
    {#- The config of such a model. A change of columns cannot reach an incremental run:
        any change to the code makes the next build a full one. -#}
    {{ config(materialized='incremental', incremental_strategy='by_document', on_schema_change='fail') }}
{%- endmacro %}

{% macro changed_documents_only(keyword='where', column='document_id') -%}
    {#- The filter on a by-document model's input (``keyword``: where, or and after a
        condition): on an incremental run, the changed documents' rows only. The source is named outside the condition so dbt records the
        dependency when it parses (is_incremental() is false then). -#}
    {%- set changes = source('build', 'changed_documents') -%}
    {%- if is_incremental() -%}
        {{ keyword }} {{ column }} in (select document_id from {{ changes }})
    {%- endif -%}
{%- endmacro %}

{% macro get_incremental_by_document_sql(arg_dict) -%}
    {#- The strategy: the changed documents' rows are deleted (including those of a
        document now gone, or now without rows here) and their new rows inserted. -#}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where document_id in (select document_id from {{ source('build', 'changed_documents') }});

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

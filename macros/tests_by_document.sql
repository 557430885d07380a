{#- The rows a data test reads: dbt's own (the test's `where`), and on an incremental build
    (scripts/build_state.py), for a model built by document (by_document.sql), the changed
    documents' rows only. Every other document's rows were built and tested by the same code
    in the build this one started from, and are unchanged; every key of such a model begins
    with its document_id, so a key of a changed document cannot repeat one of another
    document's. On a full build every row is read. -#}

{% macro default__get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- if config.get('where', '') -%}
        {%- do conditions.append(config.get('where')) -%}
    {%- endif -%}
    {%- if execute and built_by_document(relation) and incremental_build(relation) -%}
        {#- build.changed_documents is written by the build before dbt runs, not by dbt: named
            as a table, since a source named here, at run time, is no declared dependency. -#}
        {%- do conditions.append('document_id in (select document_id from build.changed_documents)') -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}

{% macro built_by_document(relation) -%}
    {%- set found = namespace(value=false) -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.incremental_strategy == 'by_document'
            and node.alias | lower == relation.identifier | lower and node.schema | lower == relation.schema | lower -%}
            {%- set found.value = true -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do return(found.value) -%}
{%- endmacro %}

{% macro incremental_build(relation) -%}
    {%- if adapter.get_relation(database=relation.database, schema='build', identifier='state') is none -%}
        {%- do return(false) -%}
    {%- endif -%}
    {%- set mode = run_query('select build_mode from build.state') -%}
    {%- do return(mode.rows | length == 1 and mode.rows[0][0] == 'incremental') -%}
{%- endmacro %}

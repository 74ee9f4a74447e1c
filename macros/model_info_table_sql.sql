{#- The ml_model's own relation: one row describing the current (promoted) version, read by predict/evaluate. -#}
{% macro model_info_table_sql(relation, model_name, model_version) %}
  {{ return(adapter.dispatch('model_info_table_sql', 'dwhml')(relation, model_name, model_version)) }}
{% endmacro %}

{% macro default__model_info_table_sql(relation, model_name, model_version) %}
  {{ exceptions.raise_compiler_error("dwhml.model_info_table_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__model_info_table_sql(relation, model_name, model_version) -%}
create or replace table {{ relation }} as
{{ dwhml.model_info_select(model_name, model_version) }}
{%- endmacro %}

{#- Redshift: drop and create in the materialization's transaction (Redshift DDL is transactional),
    so readers see the old row or the new one. -#}
{% macro redshift__model_info_table_sql(relation, model_name, model_version) -%}
drop table if exists {{ relation }};
create table {{ relation }} as
{{ dwhml.model_info_select(model_name, model_version) }}
{%- endmacro %}

{#- BigQuery: CREATE OR REPLACE TABLE is atomic for readers. -#}
{% macro bigquery__model_info_table_sql(relation, model_name, model_version) -%}
create or replace table {{ relation }} as
{{ dwhml.model_info_select(model_name, model_version) }}
{%- endmacro %}

{#- The version's newest registry row (what every variant above stores). -#}
{% macro model_info_select(model_name, model_version) -%}
select *
from {{ dwhml.model_registry_relation() }}
where model_name = {{ dwhml.string_literal(model_name) }}
    and model_version = {{ dwhml.string_literal(model_version) }}
order by recorded_at desc
limit 1
{%- endmacro %}

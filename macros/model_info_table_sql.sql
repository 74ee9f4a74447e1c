{#- The ml_model's own relation: one row describing the current version (read by predict/evaluate). -#}
{% macro model_info_table_sql(relation, trained) %}
  {{ return(adapter.dispatch('model_info_table_sql', 'dwhml')(relation, trained)) }}
{% endmacro %}

{% macro default__model_info_table_sql(relation, trained) %}
  {{ exceptions.raise_compiler_error("dwhml.model_info_table_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__model_info_table_sql(relation, trained) -%}
create or replace table {{ relation }} as
select *
from {{ dwhml.model_registry_relation() }}
where model_name = {{ dwhml.string_literal(trained.model_name) }}
    and model_version = {{ dwhml.string_literal(trained.model_version) }}
{%- endmacro %}

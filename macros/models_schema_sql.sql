{#- The statement creating the schema that keeps the versions' models and tables, when it is not the target's
    own, or none: created once per run by the on-run-start hook (prepare_run), so that models building in
    parallel never race to create it. -#}
{% macro models_schema_sql() %}
  {{ return(adapter.dispatch('models_schema_sql', 'dwhml')()) }}
{% endmacro %}

{% macro default__models_schema_sql() %}
  {{ exceptions.raise_compiler_error("dwhml.models_schema_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB keeps artifacts in the model store; BigQuery keeps versions in the model's own dataset. -#}
{% macro duckdb__models_schema_sql() %}{{ return(none) }}{% endmacro %}

{% macro bigquery__models_schema_sql() %}{{ return(none) }}{% endmacro %}

{#- Redshift: <target schema>_ml (redshift_model_schema), for the ML functions' grants and the linear models' tables. -#}
{% macro redshift__models_schema_sql() %}{{ return(dwhml.redshift_model_schema_sql(dwhml.redshift_model_schema())) }}{% endmacro %}

{#- The package's on-run-start hook: the registry and the evaluation history created if missing, the
    registry's columns of newer dwhml releases added, and the schema of the versions' models (Redshift) created,
    once per run (not in every model's build). Returns
    the statements; dbt runs them before any node. -#}
{% macro prepare_run() %}
  {%- set registry = dwhml.model_registry_relation() -%}
  {%- set existing = [] -%}
  {%- if execute -%}
    {%- for column in adapter.get_columns_in_relation(registry) -%}{%- do existing.append(column.name) -%}{%- endfor -%}
    {#- The look-up opened a transaction (DuckDB, Redshift) that dbt rolls back after the hooks, with the hook's
        statements in it: closed here, so they run on their own and stay. -#}
    {%- do adapter.commit() -%}
  {%- endif -%}
  {{ return(dwhml.run_preparation_sql(registry, existing)) }}
{% endmacro %}

{#- The statements of prepare_run for a registry with the `existing` columns. Pure: golden-tested. -#}
{% macro run_preparation_sql(registry, existing) %}
  {%- set statements = dwhml.registry_migration_sql(registry, existing) -%}
  {%- set models_schema = dwhml.models_schema_sql() -%}
  {%- if models_schema -%}{%- do statements.append(models_schema) -%}{%- endif -%}
  {%- for kind in ['metrics', 'confusion', 'curves', 'trials'] -%}
    {%- do statements.append(dwhml.create_table_sql(dwhml.evaluation_history_relation(kind), dwhml.evaluation_history_columns(kind))) -%}
  {%- endfor -%}
  {{ return(statements | join(';\n') ~ ';') }}
{% endmacro %}

{#- The package's on-run-start hook: the registry and the evaluation history created if missing, and the
    registry's columns of newer dwhml releases added, once per run (not in every model's build). Returns
    the statements; dbt runs them before any node. -#}
{% macro prepare_run() %}
  {%- set statements = dwhml.create_registry_sql(dwhml.model_registry_relation()) -%}
  {%- for kind in ['metrics', 'confusion', 'curves'] -%}
    {%- do statements.append(dwhml.create_evaluation_history_sql(kind)) -%}
  {%- endfor -%}
  {{ return(statements | join(';\n') ~ ';') }}
{% endmacro %}

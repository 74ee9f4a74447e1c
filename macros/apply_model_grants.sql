{#- Grants of an ml_model: EXECUTE on the model where the warehouse has it, dbt grants on the info table. -#}
{% macro apply_model_grants(cfg, relation, grant_config) %}
  {{ return(adapter.dispatch('apply_model_grants', 'dwhml')(cfg, relation, grant_config)) }}
{% endmacro %}

{% macro default__apply_model_grants(cfg, relation, grant_config) %}
  {{ exceptions.raise_compiler_error("dwhml.apply_model_grants is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__apply_model_grants(cfg, relation, grant_config) %}
  {%- if cfg.grant_execute_to or grant_config -%}
    {{ log("dwhml: " ~ cfg.name ~ ": DuckDB is a single-user file and has no grants; grant config recorded, nothing applied", info=True) }}
  {%- endif -%}
{% endmacro %}

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

{#- Redshift: EXECUTE on the current version's model (which is what lets a user call its ML function: the
    GRANT reference says ML function permissions cannot be granted directly, only through the model), USAGE
    on the models' schema, SELECT on the scores view; then dbt's grants on the info table. -#}
{% macro redshift__apply_model_grants(cfg, relation, grant_config) %}
  {%- set info = dwhml.model_info(relation) -%}
  {%- for statement in dwhml.redshift_grant_execute_sql(cfg, info) -%}
    {%- do run_query(statement) -%}
  {%- endfor -%}
  {%- do apply_grants(relation, grant_config, should_revoke=true) -%}
{% endmacro %}

{% macro redshift_grant_execute_sql(cfg, info) %}
  {%- set q = dwhml.redshift__quote_identifier -%}
  {%- set schema, model_name = info.model_schema, info.model_identifier -%}
  {%- set statements = [] -%}
  {%- for grantee in cfg.grant_execute_to -%}
    {%- set to = dwhml.redshift_grantee(grantee) -%}
    {%- if info.model_type == 'blend' -%}
      {#- Nothing of its own: its scoring reads its components, which their own grants open. -#}
    {%- elif dwhml.scored_by_join(info.model_type) -%}
      {%- do statements.append("grant usage on schema " ~ q(schema) ~ " to " ~ to) -%}
      {#- No Redshift ML model: analysts read the version's tables (dwhml.predict joins them). -#}
      {%- for part, table in dwhml.redshift__candidate_weight_tables(info).items() | sort -%}
        {%- do statements.append("grant select on " ~ table ~ " to " ~ to) -%}
      {%- endfor -%}
    {%- else -%}
      {%- do statements.append("grant usage on schema " ~ q(schema) ~ " to " ~ to) -%}
      {%- do statements.append("grant execute on model " ~ q(schema) ~ "." ~ q(model_name) ~ " to " ~ to) -%}
    {%- endif -%}
    {%- if cfg.scores_from -%}
      {%- do statements.append("grant select on " ~ dwhml.scores_view_relation(cfg) ~ " to " ~ to) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(statements) }}
{% endmacro %}

{#- BigQuery cannot grant one model: access is per dataset (docs/bigquery.md: a dataset per audience).
    grant_execute_to is explained, not applied; dbt grants apply to the info table. -#}
{% macro bigquery__apply_model_grants(cfg, relation, grant_config) %}
  {%- if cfg.grant_execute_to -%}
    {{ log("dwhml: " ~ cfg.name ~ ": BigQuery has no per-model grant; grant_execute_to (" ~ cfg.grant_execute_to | join(', ') ~ ") is not applied: give them roles/bigquery.dataViewer on the dataset that holds the model (a dataset per audience, docs/bigquery.md)", info=True) }}
  {%- endif -%}
  {%- do apply_grants(relation, grant_config, should_revoke=true) -%}
{% endmacro %}

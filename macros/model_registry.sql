{#- The registry: one row per trained model version and gate decision, appended, never overwritten. -#}
{% macro model_registry_relation() %}
  {{ return(api.Relation.create(database=target.database, schema=target.schema, identifier='dwhml_model_registry')) }}
{% endmacro %}

{% macro record_model_version(cfg, trained, gate, grant_config) %}
  {%- set registry = dwhml.model_registry_relation() -%}
  {%- do run_query(dwhml.registry_insert_sql(registry, dwhml.model_registry_row(cfg, trained, gate, grant_config))) -%}
  {%- do dwhml.record_trials(trained) -%}
{% endmacro %}

{#- The registry row of a version and its gate decision: [(column, SQL expression)]. Pure: golden-tested. -#}
{% macro model_registry_row(cfg, trained, gate, grant_config) %}
  {%- set lit = dwhml.string_literal -%}
  {%- set status = gate.get('status') or ('promoted' if gate.promote else 'not_promoted') -%}
  {%- set grants = {'execute': cfg.grant_execute_to, 'tables': grant_config or {}} -%}
  {%- set number = dwhml.number_literal -%}
  {#- A bare NULL in the derived table is INT64 on BigQuery, which it refuses to insert into a STRING column. -#}
  {%- set text = dwhml.text_literal -%}
  {%- set row = [
    ('model_name', lit(trained.model_name)), ('model_version', lit(trained.model_version)),
    ('trained_at', 'cast(' ~ lit(trained.trained_at) ~ ' as timestamp)'), ('target', text(trained.target)),
    ('problem_type', lit(trained.problem_type)), ('model_type', lit(trained.model_type)),
    ('hyperparameters', lit(tojson(trained.hyperparameters))), ('training_rows', trained.training_rows | string),
    ('feature_count', trained.features | length | string), ('features', lit(tojson(trained.features))),
    ('classes', lit(tojson(trained.classes))),
    ('function_name', lit(trained.get('function_name', cfg.function)) if cfg.model_type in ['xgboost', 'kmeans'] or dwhml.scored_by_join(cfg.model_type) else text(none)),
    ('artifact_location', lit(trained.artifact_location)), ('target_warehouse', lit(target.type)), ('status', lit(status)),
    ('recorded_at', dbt.current_timestamp()), ('feature_relation', text(cfg.feature_relation)),
    ('gate_metric', text(gate.metric)), ('gate_value', number(gate.value)), ('compared_version', text(gate.compared_version)),
    ('compared_value', number(gate.compared_value)), ('gate_reason', text(gate.reason)),
    ('forced', 'true' if trained.forced else 'false'), ('grants', lit(tojson(grants))), ('task', text(cfg.task)),
    ('model_database', text(trained.get('model_database'))), ('model_schema', text(trained.get('model_schema'))),
    ('model_identifier', text(trained.get('model_identifier'))), ('embedding_version', text(trained.get('embedding_version'))),
  ] -%}
  {{ return(row) }}
{% endmacro %}

{#- Append one registry row unless the model's newest row already records the same version and status (a re-run,
    or a re-run after a failure later in the node); a version promoted again after another (a task switched
    back, data reverted) is appended, so the newest promoted row is the current version. The literals sit in a
    derived table: BigQuery refuses a WHERE without a FROM ("Query without FROM clause cannot have a WHERE
    clause"), which DuckDB and Redshift accept. Pure: golden-tested. -#}
{% macro registry_insert_sql(registry, row) -%}
insert into {{ registry }} ({{ row | map(attribute=0) | join(', ') }})
select v.{{ row | map(attribute=0) | join(', v.') }}
from (
    select
        {% for column, expression in row %}{{ expression }} as {{ column }}{{ ",\n        " if not loop.last }}{% endfor %}
) as v
where not exists (
    select 1
    from {{ registry }} as r
    where r.model_name = v.model_name
        and r.model_version = v.model_version
        and r.status = v.status
        and not exists (
            select 1
            from {{ registry }} as later
            where later.model_name = r.model_name
                and later.recorded_at > r.recorded_at
        )
)
{%- endmacro %}

{% macro text_literal(value) %}
  {{ return('cast(null as ' ~ dbt.type_string() ~ ')' if value is none else dwhml.string_literal(value)) }}
{% endmacro %}

{% macro integer_literal(value) %}
  {{ return('cast(null as ' ~ dwhml.sql_type('integer') ~ ')' if value is none else value | int | string) }}
{% endmacro %}

{% macro number_literal(value) %}
  {{ return('null' if value is none else 'cast(' ~ value ~ ' as ' ~ dwhml.float_type() ~ ')') }}
{% endmacro %}

{#- The registry's columns and portable types (sql_type), in order; a newer release appends. -#}
{% macro registry_columns() %}
  {{ return([('model_name', 'text'), ('model_version', 'text'), ('trained_at', 'timestamp'), ('target', 'text'),
    ('problem_type', 'text'), ('model_type', 'text'), ('hyperparameters', 'text'), ('training_rows', 'integer'),
    ('feature_count', 'integer'), ('features', 'text'), ('classes', 'text'), ('function_name', 'text'),
    ('artifact_location', 'text'), ('target_warehouse', 'text'), ('status', 'text'), ('recorded_at', 'timestamp'),
    ('feature_relation', 'text'), ('gate_metric', 'text'), ('gate_value', 'float'), ('compared_version', 'text'),
    ('compared_value', 'float'), ('gate_reason', 'text'), ('forced', 'boolean'), ('grants', 'text'), ('task', 'text'),
    ('model_database', 'text'), ('model_schema', 'text'), ('model_identifier', 'text'), ('embedding_version', 'text')]) }}
{% endmacro %}

{#- The statements that create the registry, or add the columns a registry of an older release lacks
    (`existing`: its column names, empty when it does not exist). One ALTER per column: Redshift's ADD COLUMN
    takes one column and has no IF NOT EXISTS. Pure: golden-tested; prepare_run reads `existing`. -#}
{% macro registry_migration_sql(registry, existing) %}
  {%- set columns = dwhml.registry_columns() -%}
  {%- if not existing -%}
    {{ return([dwhml.create_table_sql(registry, columns)]) }}
  {%- endif -%}
  {%- set have = existing | map('lower') | list -%}
  {%- set statements = [] -%}
  {%- for name, type in columns if name not in have -%}
    {%- do statements.append("alter table " ~ registry ~ " add column " ~ name ~ " " ~ dwhml.sql_type(type)) -%}
  {%- endfor -%}
  {{ return(statements) }}
{% endmacro %}

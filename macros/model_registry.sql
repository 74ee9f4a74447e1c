{#- The registry: one row per trained model version and gate decision, appended, never overwritten. -#}
{% macro model_registry_relation() %}
  {{ return(api.Relation.create(database=target.database, schema=target.schema, identifier='dwhml_model_registry')) }}
{% endmacro %}

{% macro record_model_version(cfg, trained, gate, grant_config) %}
  {%- set registry = dwhml.model_registry_relation() -%}
  {%- do run_query(dwhml.registry_insert_sql(registry, dwhml.model_registry_row(cfg, trained, gate, grant_config))) -%}
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
    ('trained_at', 'cast(' ~ lit(trained.trained_at) ~ ' as timestamp)'), ('target', lit(trained.target)),
    ('problem_type', lit(trained.problem_type)), ('model_type', lit(trained.model_type)),
    ('hyperparameters', lit(tojson(trained.hyperparameters))), ('training_rows', trained.training_rows | string),
    ('feature_count', trained.features | length | string), ('features', lit(tojson(trained.features))),
    ('classes', lit(tojson(trained.classes))),
    ('function_name', lit(trained.get('function_name', cfg.function)) if cfg.model_type in ['xgboost', 'sparse_linear'] else text(none)),
    ('artifact_location', lit(trained.artifact_location)), ('target_warehouse', lit(target.type)), ('status', lit(status)),
    ('recorded_at', dbt.current_timestamp()), ('feature_relation', text(cfg.feature_relation)),
    ('gate_metric', text(gate.metric)), ('gate_value', number(gate.value)), ('compared_version', text(gate.compared_version)),
    ('compared_value', number(gate.compared_value)), ('gate_reason', text(gate.reason)),
    ('forced', 'true' if trained.forced else 'false'), ('grants', lit(tojson(grants))), ('task', text(cfg.task)),
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

{% macro number_literal(value) %}
  {{ return('null' if value is none else 'cast(' ~ value ~ ' as ' ~ dwhml.float_type() ~ ')') }}
{% endmacro %}

{#- The statements that create the registry if missing and add columns of newer dwhml releases (run by prepare_run). -#}
{% macro create_registry_sql(registry) %}
  {{ return(adapter.dispatch('create_registry_sql', 'dwhml')(registry)) }}
{% endmacro %}

{% macro default__create_registry_sql(registry) %}
  {{ exceptions.raise_compiler_error("dwhml.create_registry_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__create_registry_sql(registry) %}
  {%- set statements = ["create table if not exists " ~ registry ~ " (
    model_name varchar, model_version varchar, trained_at timestamp, target varchar, problem_type varchar,
    model_type varchar, hyperparameters varchar, training_rows bigint, feature_count integer, features varchar,
    classes varchar, function_name varchar, artifact_location varchar, target_warehouse varchar, status varchar,
    recorded_at timestamp, feature_relation varchar, gate_metric varchar, gate_value double,
    compared_version varchar, compared_value double, gate_reason varchar, forced boolean, grants varchar, task varchar
)"] -%}
  {%- for column in ['gate_metric varchar', 'gate_value double', 'compared_version varchar', 'compared_value double',
                     'gate_reason varchar', 'forced boolean', 'grants varchar', 'task varchar'] -%}
    {%- do statements.append("alter table " ~ registry ~ " add column if not exists " ~ column) -%}
  {%- endfor -%}
  {{ return(statements) }}
{% endmacro %}

{#- Redshift: created once; VARCHAR(65535) for the JSON columns (Redshift's VARCHAR defaults to 256 bytes). -#}
{% macro redshift__create_registry_sql(registry) %}
  {{ return(["create table if not exists " ~ registry ~ " (
    model_name varchar(256), model_version varchar(64), trained_at timestamp, target varchar(256), problem_type varchar(64),
    model_type varchar(64), hyperparameters varchar(65535), training_rows bigint, feature_count integer, features varchar(65535),
    classes varchar(65535), function_name varchar(256), artifact_location varchar(1024), target_warehouse varchar(32),
    status varchar(32), recorded_at timestamp, feature_relation varchar(512), gate_metric varchar(64), gate_value double precision,
    compared_version varchar(64), compared_value double precision, gate_reason varchar(65535), forced boolean, grants varchar(65535),
    task varchar(65535)
)"]) }}
{% endmacro %}

{% macro bigquery__create_registry_sql(registry) %}
  {{ return(["create table if not exists " ~ registry ~ " (
    model_name string, model_version string, trained_at timestamp, target string, problem_type string,
    model_type string, hyperparameters string, training_rows int64, feature_count int64, features string,
    classes string, function_name string, artifact_location string, target_warehouse string, status string,
    recorded_at timestamp, feature_relation string, gate_metric string, gate_value float64,
    compared_version string, compared_value float64, gate_reason string, forced bool, grants string, task string
)"]) }}
{% endmacro %}

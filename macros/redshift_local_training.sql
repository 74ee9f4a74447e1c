{#- Redshift, model_type sparse_linear: the warehouse has no trainer for it, so `dwhml wait-models` fits the
    version with the DuckDB plugin's trainer on the client (decision 0014). dbt keeps the version's training
    rows in <model schema>.<model>__<version>__training and records the version as training; wait-models
    UNLOADs them, fits, and COPYs the model's tables back (<model>__<version>__vocabulary, __coefficients,
    __calibration) in one transaction that also drops the training rows; the next build attaches, gates
    and promotes it like every other version. Returns the version as train_model does. -#}
{% macro redshift_train_locally(cfg, sql) %}
  {%- if cfg.scores_from -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.scores_from (a scores view) is not available for model_type " ~ cfg.model_type ~ " on Redshift yet; score with dwhml.predict (docs/redshift.md)") }}
  {%- endif -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set scan = run_query(dwhml.redshift_fingerprint_sql(sql, columns)).rows[0] -%}
  {%- set row_count = scan[0] | int -%}
  {%- set classes = dwhml.training_classes(cfg, sql) -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': cfg.hyperparameters, 'features': columns | map(attribute='name') | list,
        'rows': row_count, 'fingerprint': scan[1] | string, 'trained_by': 'dwhml on the client'}) -%}
  {%- set version = dwhml.version_for_identity(cfg, identity) -%}
  {%- set model_schema = dwhml.redshift_model_schema() -%}
  {%- set identifier = (cfg.name ~ '__' ~ version) | lower -%}
  {%- if (identifier ~ '__coefficients__dwhml_staging') | length > 127 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': Redshift table " ~ identifier ~ "__coefficients__dwhml_staging would be longer than 127 characters; shorten the model name") }}
  {%- endif -%}
  {%- set tables = dwhml.redshift_local_model_tables(model_schema, identifier) -%}
  {%- set present = run_query(dwhml.redshift_local_tables_present_sql(model_schema, identifier)).columns[0].values() | list -%}
  {%- set ready = (identifier ~ '__calibration') in present -%}
  {%- set waiting = ready or (identifier ~ '__training') in present -%}
  {%- if not waiting -%}
    {%- do run_query(dwhml.redshift_model_schema_sql(model_schema)) -%}
    {%- do run_query(dwhml.redshift_training_table_sql(tables.training, sql)) -%}
    {{ log("dwhml: " ~ cfg.name ~ ": training rows of version " ~ version ~ " kept in " ~ tables.training ~ " (" ~ row_count ~ " rows) for `dwhml wait-models --target redshift`", info=True) }}
  {%- endif -%}
  {{ return({'model_name': cfg.name, 'model_version': version, 'trained_at': modules.datetime.datetime.utcnow().isoformat(),
             'target': cfg.target, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type,
             'hyperparameters': cfg.hyperparameters, 'training_rows': row_count,
             'features': columns | map(attribute='name') | reject('equalto', cfg.target) | list, 'classes': classes,
             'artifact_location': 'redshift://' ~ model_schema ~ '.' ~ identifier, 'model_schema': model_schema,
             'model_identifier': identifier, 'function_name': none, 'feature_relation': cfg.feature_relation,
             'forced': cfg.force, 'reused': waiting, 'ready': ready,
             'state': 'trained by dwhml' if ready else 'waiting for dwhml wait-models'}) }}
{% endmacro %}

{#- The tables of a version trained on the client: its training rows and the model's three tables. -#}
{% macro redshift_local_model_tables(model_schema, identifier) %}
  {%- set tables = {} -%}
  {%- for part in ['training', 'vocabulary', 'coefficients', 'calibration'] -%}
    {%- do tables.update({part: dwhml.redshift__quote_identifier(model_schema) ~ '.' ~ dwhml.redshift__quote_identifier(identifier ~ '__' ~ part)}) -%}
  {%- endfor -%}
  {{ return(tables) }}
{% endmacro %}

{#- Which of a version's tables exist (the calibration table is written last, in the same transaction). -#}
{% macro redshift_local_tables_present_sql(model_schema, identifier) -%}
select t.table_name
from information_schema.tables as t
where t.table_schema = {{ dwhml.redshift__string_literal(model_schema) }}
    and t.table_name in ({{ dwhml.redshift__string_literal(identifier ~ '__training') }}, {{ dwhml.redshift__string_literal(identifier ~ '__calibration') }})
{%- endmacro %}

{% macro redshift_training_table_sql(relation, sql) -%}
create table {{ relation }} as
{{ sql }}
{%- endmacro %}

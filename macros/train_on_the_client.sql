{#- A sparse_linear version on a warehouse, which has no trainer for it: `dwhml wait-models` fits it on the
    client with the DuckDB plugin's trainer (decision 0014). dbt keeps the version's training rows in
    <model location>.<model>__<version>__training and records the version as training; wait-models reads
    them, fits, writes the model's tables back (<model>__<version>__vocabulary, __coefficients,
    __calibration: the last one is written last) and drops the training rows; the next build attaches,
    gates and promotes it like every other version. Returns the version as train_model does. What differs
    per warehouse is dispatched: where the tables live (client_fit_location), the scan
    (training_fingerprint_sql) and which tables exist (client_fit_tables_present_sql). -#}
{% macro train_on_the_client(cfg, sql) %}
  {%- if cfg.tuning -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.tuning of a " ~ cfg.model_type ~ " model is not supported on " ~ target.type ~ " yet (its client fit trains the given hyperparameters); tune on DuckDB and set the chosen values in meta.dwhml.hyperparameters (docs/tuning.md)") }}
  {%- endif -%}
  {%- if cfg.model_type == 'lda' -%}
    {#- The held-out texts' column under one name the client reads (python_udfs.topics: held out when true). -#}
    {%- set q = dwhml.quote_identifier -%}
    {%- set sql = "select t.id, t.feature, t.weight" ~ (", t." ~ q(cfg.data_split_column) ~ " as dwhml_held_out" if cfg.data_split_column else "")
          ~ " from (\n" ~ sql ~ "\n) as t" -%}
  {%- endif -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set scan = run_query(dwhml.training_fingerprint_sql(sql, columns)).rows[0] -%}
  {%- set row_count = scan[0] | int -%}
  {%- set classes = dwhml.training_classes(cfg, sql) -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': cfg.hyperparameters, 'features': columns | map(attribute='name') | list,
        'rows': row_count, 'fingerprint': scan[1] | string, 'trained_by': 'dwhml on the client'}) -%}
  {%- set version = dwhml.version_for_identity(cfg, identity) -%}
  {%- set location = dwhml.client_fit_location() -%}
  {%- set identifier = (cfg.name ~ '__' ~ version) | lower -%}
  {%- if (identifier ~ '__coefficients__dwhml_staging') | length > 127 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': table " ~ identifier ~ "__coefficients__dwhml_staging would be longer than 127 characters; shorten the model name") }}
  {%- endif -%}
  {%- set trained = {'model_name': cfg.name, 'model_version': version, 'trained_at': modules.datetime.datetime.utcnow().isoformat(),
        'target': cfg.target, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type,
        'hyperparameters': cfg.hyperparameters, 'training_rows': row_count,
        'features': columns | map(attribute='name') | reject('equalto', cfg.target) | list, 'classes': classes,
        'artifact_location': target.type ~ '://' ~ location.schema ~ '.' ~ identifier, 'model_database': location.database,
        'model_schema': location.schema, 'model_identifier': identifier, 'function_name': none,
        'feature_relation': cfg.feature_relation, 'forced': cfg.force} -%}
  {%- set tables = dwhml.client_fit_tables(trained) -%}
  {%- set present = run_query(dwhml.client_fit_tables_present_sql(trained)).columns[0].values() | list -%}
  {%- set ready = (identifier ~ '__' ~ dwhml.client_fit_parts(cfg.model_type)[-1]) in present -%}
  {%- set waiting = ready or (identifier ~ '__training') in present -%}
  {%- if not waiting -%}
    {%- do run_query(dwhml.client_fit_training_table_sql(tables.training, sql)) -%}
    {{ log("dwhml: " ~ cfg.name ~ ": training rows of version " ~ version ~ " kept in " ~ tables.training ~ " (" ~ row_count ~ " rows) for `dwhml wait-models --target " ~ target.type ~ "`", info=True) }}
  {%- endif -%}
  {%- do trained.update({'reused': waiting, 'ready': ready, 'state': 'trained by dwhml' if ready else 'waiting for dwhml wait-models',
        'tables': dwhml.client_fit_weight_tables(trained)}) -%}
  {%- if ready and cfg.problem_type == 'topic_model' -%}
    {#- The measures the client computed, recorded like the DuckDB trainer's. -#}
    {%- set measures = {} -%}
    {%- for row in run_query("select m.metric, m.value from " ~ tables.measures ~ " as m").rows -%}
      {%- do measures.update({row[0]: row[1] | float}) -%}
    {%- endfor -%}
    {%- do trained.update({'metrics': measures}) -%}
  {%- endif -%}
  {{ return(trained) }}
{% endmacro %}

{#- The tables the client writes back for a version, the last one last (its presence marks the version fitted):
    python_udfs' SPARSE_TABLES, or the LDA tables (topic_model_tables), its model (for dwhml infer-topics) and
    its measures; bound by a test to
    dwhml.client_training.fitted_parts. -#}
{% macro client_fit_parts(model_type) %}
  {%- if model_type == 'lda' -%}
    {{ return(dwhml.topic_model_tables('lda') + ['model', 'measures']) }}
  {%- endif -%}
  {{ return(['vocabulary', 'coefficients', 'calibration']) }}
{% endmacro %}

{#- A client-fitted version's tables: its training rows and the model's tables, as relation strings. -#}
{% macro client_fit_tables(trained) %}
  {%- set tables = {} -%}
  {%- for part in ['training'] + dwhml.client_fit_parts(trained.model_type) -%}
    {%- do tables.update({part: dwhml.client_fit_table(trained, trained.model_identifier ~ '__' ~ part)}) -%}
  {%- endfor -%}
  {{ return(tables) }}
{% endmacro %}

{#- A table of a version in the warehouse's model location (<model>__<version>__<part>), as a relation string. -#}
{% macro client_fit_table(trained, name) %}
  {{ return(adapter.dispatch('client_fit_table', 'dwhml')(trained, name)) }}
{% endmacro %}

{% macro default__client_fit_table(trained, name) %}
  {{ exceptions.raise_compiler_error("dwhml.client_fit_table is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro redshift__client_fit_table(trained, name) %}
  {{ return(dwhml.redshift__quote_identifier(trained.model_schema) ~ '.' ~ dwhml.redshift__quote_identifier(name)) }}
{% endmacro %}

{% macro bigquery__client_fit_table(trained, name) %}
  {{ return('`' ~ trained.model_database ~ '`.`' ~ trained.model_schema ~ '`.`' ~ name ~ '`') }}
{% endmacro %}

{#- Where a client-fitted version's tables live: Redshift, the models' schema (<schema>_ml); BigQuery, the
    model's dataset (as its BigQuery ML versions). -#}
{% macro client_fit_location() %}
  {{ return(adapter.dispatch('client_fit_location', 'dwhml')()) }}
{% endmacro %}

{% macro default__client_fit_location() %}
  {{ exceptions.raise_compiler_error("dwhml.client_fit_location is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro redshift__client_fit_location() %}
  {{ return({'database': none, 'schema': dwhml.redshift_model_schema()}) }}
{% endmacro %}

{% macro bigquery__client_fit_location() %}
  {{ return({'database': this.database, 'schema': this.schema}) }}
{% endmacro %}

{#- The scan of the training SELECT: (row count, order-independent fingerprint). -#}
{% macro training_fingerprint_sql(sql, columns) %}
  {{ return(adapter.dispatch('training_fingerprint_sql', 'dwhml')(sql, columns)) }}
{% endmacro %}

{% macro default__training_fingerprint_sql(sql, columns) %}
  {{ exceptions.raise_compiler_error("dwhml.training_fingerprint_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro redshift__training_fingerprint_sql(sql, columns) %}{{ return(dwhml.redshift_fingerprint_sql(sql, columns)) }}{% endmacro %}

{% macro bigquery__training_fingerprint_sql(sql, columns) %}{{ return(dwhml.bigquery_fingerprint_sql(sql)) }}{% endmacro %}

{#- Which of a version's training and last-written tables exist (client_fit_parts: the last marks it fitted). -#}
{% macro client_fit_tables_present_sql(trained) %}
  {{ return(adapter.dispatch('client_fit_tables_present_sql', 'dwhml')(trained)) }}
{% endmacro %}

{% macro default__client_fit_tables_present_sql(trained) %}
  {{ exceptions.raise_compiler_error("dwhml.client_fit_tables_present_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro redshift__client_fit_tables_present_sql(trained) -%}
select t.table_name
from information_schema.tables as t
where t.table_schema = {{ dwhml.redshift__string_literal(trained.model_schema) }}
    and t.table_name in ({{ dwhml.redshift__string_literal(trained.model_identifier ~ '__training') }}, {{ dwhml.redshift__string_literal(trained.model_identifier ~ '__' ~ dwhml.client_fit_parts(trained.model_type)[-1]) }})
{%- endmacro %}

{#- BigQuery: the dataset's INFORMATION_SCHEMA.TABLES view (dataset-qualified, no region needed). -#}
{% macro bigquery__client_fit_tables_present_sql(trained) -%}
select t.table_name
from `{{ trained.model_database }}`.`{{ trained.model_schema }}`.INFORMATION_SCHEMA.TABLES as t
where t.table_name in ({{ dwhml.bigquery__string_literal(trained.model_identifier ~ '__training') }}, {{ dwhml.bigquery__string_literal(trained.model_identifier ~ '__' ~ dwhml.client_fit_parts(trained.model_type)[-1]) }})
{%- endmacro %}

{#- The version's training rows, kept for the client (CREATE TABLE AS on both warehouses). -#}
{% macro client_fit_training_table_sql(relation, sql) -%}
create table {{ relation }} as
{{ sql }}
{%- endmacro %}

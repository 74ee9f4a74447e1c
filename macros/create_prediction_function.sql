{#- The SQL function analysts call: fn_<model>(features...) and fn_<model>_probability(...). -#}
{% macro create_prediction_function(cfg, trained) %}
  {{ return(adapter.dispatch('create_prediction_function', 'dwhml')(cfg, trained)) }}
{% endmacro %}

{% macro default__create_prediction_function(cfg, trained) %}
  {{ exceptions.raise_compiler_error("dwhml.create_prediction_function is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: the trees compiled to SQL and stored as macros in the database file,
    callable from any client without the plugin (docs/decisions/0004). -#}
{% macro duckdb__create_prediction_function(cfg, trained) %}
  {%- if cfg.model_type == 'sparse_linear' -%}
    {{ return(dwhml.duckdb_sparse_linear_function(cfg, trained)) }}
  {%- endif -%}
  {%- if cfg.model_type == 'blend' -%}
    {{ log("dwhml: " ~ cfg.name ~ " (blend) is scored by dwhml.predict from its components' functions", info=True) }}
    {{ return(none) }}
  {%- endif -%}
  {%- if cfg.model_type != 'xgboost' -%}
    {{ log("dwhml: " ~ cfg.name ~ " (" ~ cfg.model_type ~ ") has no portable SQL function; predict with dwhml.predict", info=True) }}
    {{ return(none) }}
  {%- endif -%}
  {%- set statements = run_query("select unnest(dwhml_function_ddl(" ~ dwhml.string_literal(trained.artifact_location)
        ~ ", " ~ dwhml.string_literal(cfg.function) ~ ", " ~ dwhml.string_literal(target.schema) ~ "))") -%}
  {%- for row in statements.rows -%}
    {%- do run_query(row[0]) -%}
  {%- endfor -%}
{% endmacro %}

{#- DuckDB, sparse_linear: load the weights next to the model, then a table macro
    fn_<model>('schema.feature_table') -> (id, predicted_label, predicted_probability, model_version). -#}
{% macro duckdb_sparse_linear_function(cfg, trained) %}
  {%- set model_relation = this.incorporate(type='table') -%}
  {%- for part in ['vocabulary', 'coefficients', 'calibration'] -%}
    {%- do run_query("create or replace table " ~ dwhml.model_table(model_relation, part) ~ " as select * from read_parquet("
          ~ dwhml.string_literal(trained.artifact_location ~ '/' ~ part ~ '.parquet') ~ ")") -%}
  {%- endfor -%}
  {%- set info = {'relation': model_relation, 'problem_type': trained.problem_type, 'classes': trained.classes,
                  'model_version': trained.model_version} -%}
  {%- do run_query("create or replace macro " ~ this.schema ~ "." ~ cfg.function ~ "(feature_table) as table "
        ~ dwhml.sparse_linear_sql(info, "(select distinct id from query_table(feature_table))", "query_table(feature_table)")) -%}
{% endmacro %}

{#- Redshift: CREATE MODEL made the version's function (<function>__<version>). The stable name analysts
    call, <function>(...), is a SQL UDF replaced to call the promoted version (and decode class indexes),
    so it never disappears while a new version trains. Var dwhml_redshift_stable_function: false skips it. -#}
{% macro redshift__create_prediction_function(cfg, trained) %}
  {%- if var('dwhml_redshift_stable_function', true) -%}
    {%- do run_query(dwhml.redshift_stable_function_sql(cfg, trained)) -%}
  {%- endif -%}
{% endmacro %}

{% macro redshift_stable_function_sql(cfg, trained) -%}
{%- set q = dwhml.redshift__quote_identifier -%}
{%- set schema = trained.artifact_location.split('://')[-1].split('.')[0] -%}
{%- set call -%}
{{ q(schema) }}.{{ q(trained.function_name) }}({% for f in trained.features %}${{ loop.index }}{{ ", " if not loop.last }}{% endfor %})
{%- endset -%}
{%- set redshift = trained.hyperparameters.redshift -%}
{%- set encoded = redshift.label_encoded -%}
{%- if trained.problem_type == 'regression' -%}
  {%- set returns = 'double precision' -%}
{%- elif encoded -%}
  {%- set returns = 'bigint' if trained.classes | select('number') | list | length == trained.classes | length else 'varchar(256)' -%}
{%- else -%}
  {%- set returns = redshift.target_type -%}
{%- endif -%}
create or replace function {{ q(schema) }}.{{ q(cfg.function) }}({{ redshift.feature_types | join(', ') }})
returns {{ returns }}
stable
as $$
    select {{ dwhml.redshift_decode_class(call, trained.classes) if encoded else call }}
$$ language sql
{%- endmacro %}

{#- BigQuery: analysts call ML.PREDICT(MODEL <dataset>.<function>, ...): on promotion the version's model is
    copied over that stable name with a copy job (WRITE_TRUNCATE: atomic; models cannot be renamed or
    aliased). Var dwhml_bigquery_stable_model: false skips it (call the versioned model instead). -#}
{% macro bigquery__create_prediction_function(cfg, trained) %}
  {%- if var('dwhml_bigquery_stable_model', true) -%}
    {%- set source = this.incorporate(path={'identifier': trained.artifact_location.split('.')[-1]}) -%}
    {%- set stable = this.incorporate(path={'identifier': cfg.function}) -%}
    {%- do adapter.copy_table(source, stable, 'table') -%}
    {{ log("dwhml: " ~ cfg.name ~ ": " ~ stable ~ " now holds version " ~ trained.model_version, info=True) }}
  {%- endif -%}
{% endmacro %}

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
  {%- if cfg.problem_type == 'topic_model' -%}
    {{ return(dwhml.duckdb_topic_model_tables(cfg, trained)) }}
  {%- endif -%}
  {%- if dwhml.scored_by_join(cfg.model_type) -%}
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
  {#- The version's hyperparameters carry its weighting (a baseline counts or weighs tf x idf). -#}
  {%- set info = {'relation': model_relation, 'model_name': cfg.name, 'problem_type': trained.problem_type,
                  'classes': trained.classes, 'model_version': trained.model_version,
                  'hyperparameters': trained.hyperparameters} -%}
  {%- do run_query("create or replace macro " ~ this.schema ~ "." ~ cfg.function ~ "(feature_table) as table "
        ~ dwhml.sparse_linear_sql(info, none, "query_table(feature_table)")) -%}
{% endmacro %}

{#- Redshift: CREATE MODEL made the version's ML function (<function>__<version>, in the models' own schema).
    No SQL UDF wraps it: CREATE FUNCTION takes at most 32 arguments (a 100-dim model has 100), and the
    reference does not say an ML function may be called from a SQL UDF. The stable name is the scores view;
    analysts scoring rows of their own read the current function's name from the info table (decision 0011). -#}
{% macro redshift__create_prediction_function(cfg, trained) %}
  {%- if cfg.problem_type == 'topic_model' -%}
    {{ return(dwhml.publish_topic_model_tables(cfg, trained)) }}
  {%- endif -%}
  {%- if cfg.scores_from -%}
    {%- do run_query(dwhml.scores_view_sql(cfg, trained)) -%}
  {%- endif -%}
{% endmacro %}

{#- BigQuery: the stable name is the scores view (CREATE OR REPLACE VIEW: atomic for readers); a linear model
    also gets the table function <dataset>.<function>(TABLE features) over the promoted version. Opt-in with var
    dwhml_bigquery_stable_model: true, the promoted version is also copied over <dataset>.<function> by a copy job
    with one source (models cannot be renamed or aliased; the model-management page documents copy jobs and
    says several source models in one copy are not supported; decision 0011). -#}
{% macro bigquery__create_prediction_function(cfg, trained) %}
  {%- if cfg.problem_type == 'topic_model' -%}
    {{ return(dwhml.publish_topic_model_tables(cfg, trained)) }}
  {%- endif -%}
  {%- if cfg.scores_from -%}
    {%- do run_query(dwhml.scores_view_sql(cfg, trained)) -%}
  {%- endif -%}
  {%- if dwhml.scored_by_join(cfg.model_type) -%}
    {#- A linear model: a table function over any (id, feature, weight) relation (decision 0014). -#}
    {%- do run_query(dwhml.bigquery_table_function_statement(cfg, trained)) -%}
  {%- endif -%}
  {%- if var('dwhml_bigquery_stable_model', false) -%}
    {%- set source = api.Relation.create(database=trained.model_database, schema=trained.model_schema,
                                         identifier=trained.model_identifier) -%}
    {%- set stable = this.incorporate(path={'identifier': cfg.function}) -%}
    {%- do adapter.copy_table(source, stable, 'table') -%}
    {{ log("dwhml: " ~ cfg.name ~ ": " ~ stable ~ " now holds version " ~ trained.model_version, info=True) }}
  {%- endif -%}
{% endmacro %}

{% macro duckdb__train_model(cfg, sql) %}{{ return(dwhml.redshift__train_model(cfg, sql)) }}{% endmacro %}

{% macro duckdb__describe_query(sql) %}{{ return(dwhml.redshift__describe_query(sql)) }}{% endmacro %}

{% macro duckdb__predict(info, relation) %}{{ return(dwhml.redshift__predict(info, relation)) }}{% endmacro %}

{% macro duckdb__models_schema_sql() %}{{ return(dwhml.redshift__models_schema_sql()) }}{% endmacro %}

{% macro duckdb__gives_probability(info) %}{{ return(dwhml.redshift__gives_probability(info)) }}{% endmacro %}

{% macro duckdb__candidate_weight_tables(trained) %}{{ return(dwhml.redshift__candidate_weight_tables(trained)) }}{% endmacro %}

{% macro duckdb__model_info_table_sql(relation, model_name, model_version) %}
  {{ return(dwhml.redshift__model_info_table_sql(relation, model_name, model_version)) }}
{% endmacro %}

{% macro fake_redshift_log(statement) %}
  {%- do run_query("insert into main.fake_redshift_log values (" ~ dwhml.duckdb__string_literal(statement) ~ ")") -%}
{% endmacro %}

{#- CREATE MODEL: logged; the model starts "training"; its function scores 1 when the first feature is > 0. -#}
{% macro duckdb__create_model_sql(spec) %}
  {%- do redshift_shim.fake_redshift_log(dwhml.redshift__create_model_sql(spec)) -%}
  {%- set parts = spec.model.replace('"', '').split('.') -%}
  {%- do run_query("insert into main.stv_ml_model_info values ('" ~ parts[0] ~ "', '" ~ parts[1] ~ "', 'Train Model On SageMaker In Progress')") -%}
  {#- CREATE MODEL makes the function in the model's schema. k-means: the quadrant of the first two features. -#}
  {%- if spec.model_type == 'kmeans' -%}
    {%- set args = [] -%}{%- for f in spec.features -%}{%- do args.append('a' ~ loop.index0) -%}{%- endfor -%}
    {%- do run_query("create or replace macro " ~ parts[0] ~ "." ~ spec.function ~ "(" ~ args | join(', ')
          ~ ") as ((case when a0 > 0 then 1 else 0 end) + 2 * (case when a1 > 0 then 1 else 0 end))") -%}
  {%- else -%}
    {%- do run_query("create or replace macro " ~ parts[0] ~ "." ~ spec.function ~ "(a, b) as (case when a > 0 then 1 else 0 end)") -%}
  {%- endif -%}
  {{ return("select 1") }}
{% endmacro %}

{#- The scores view: logged, and created on DuckDB without Redshift's late-binding clause. -#}
{% macro duckdb__scores_view_sql(view, select) %}{{ return(dwhml.redshift__scores_view_sql(view, select)) }}{% endmacro %}

{% macro duckdb__create_prediction_function(cfg, trained) %}
  {%- if cfg.problem_type == 'topic_model' -%}
    {{ return(dwhml.publish_topic_model_tables(cfg, trained)) }}
  {%- endif -%}
  {%- if cfg.scores_from -%}
    {%- set view = dwhml.scores_view_sql(cfg, trained) -%}
    {%- do redshift_shim.fake_redshift_log(view) -%}
    {%- do run_query(view.replace('with no schema binding', '')) -%}
  {%- endif -%}
{% endmacro %}

{% macro duckdb__apply_model_grants(cfg, relation, grant_config) %}
  {%- for statement in dwhml.redshift_grant_execute_sql(cfg, dwhml.model_info(relation)) -%}
    {%- do redshift_shim.fake_redshift_log(statement) -%}
  {%- endfor -%}
{% endmacro %}

{#- A sparse_linear version fitted on the client: Redshift's statements, run on DuckDB. -#}
{% macro duckdb__client_fit_location() %}{{ return(dwhml.redshift__client_fit_location()) }}{% endmacro %}

{% macro duckdb__client_fit_table(trained, name) %}{{ return(dwhml.redshift__client_fit_table(trained, name)) }}{% endmacro %}

{% macro duckdb__training_fingerprint_sql(sql, columns) %}{{ return(dwhml.redshift__training_fingerprint_sql(sql, columns)) }}{% endmacro %}

{% macro duckdb__client_fit_tables_present_sql(trained) %}{{ return(dwhml.redshift__client_fit_tables_present_sql(trained)) }}{% endmacro %}

{#- Topic models: Redshift's k-means path and table statements, run on DuckDB. -#}
{% macro duckdb__train_kmeans(cfg, sql) %}{{ return(dwhml.redshift__train_kmeans(cfg, sql)) }}{% endmacro %}

{% macro duckdb__service_clusters_sql(trained, training_relation) %}{{ return(dwhml.redshift__service_clusters_sql(trained, training_relation)) }}{% endmacro %}

{% macro duckdb__service_centroids_sql(trained, training_relation) %}{{ return(dwhml.redshift__service_centroids_sql(trained, training_relation)) }}{% endmacro %}

{% macro duckdb__topic_part_source(trained, part) %}{{ return(dwhml.redshift__topic_part_source(trained, part)) }}{% endmacro %}

{% macro duckdb__replace_table_statements(relation, select) %}{{ return(dwhml.redshift__replace_table_statements(relation, select)) }}{% endmacro %}

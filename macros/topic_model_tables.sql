{#- The tables a topic model version writes, by model type (python_udfs.topics.TOPIC_TABLES names the same
    Parquet files; bound by a test): loaded as <model>__<part> next to the model's info table. -#}
{% macro topic_model_tables(model_type) %}
  {{ return({'lda': ['topic_words', 'text_topics', 'topic_rejects', 'vocabulary'], 'kmeans': ['centroids']}[model_type]) }}
{% endmacro %}

{#- DuckDB: each table from the version's Parquet file with its model_version, replaced in the model's
    transaction (readers see the old or the new version's tables); LDA also gets each text's dominant topic,
    k-means the table macro <function>(vector_table) -> (id, topic, squared_distance, model_version) that
    assigns any vectors by the SQL join, from any client. -#}
{% macro duckdb_topic_model_tables(cfg, trained) %}
  {%- set model_relation = this.incorporate(type='table') -%}
  {%- set lit = dwhml.string_literal -%}
  {%- for part in dwhml.topic_model_tables(trained.model_type) -%}
    {%- do run_query("create or replace table " ~ dwhml.model_table(model_relation, part) ~ " as select t.*, "
          ~ lit(trained.model_version) ~ " as model_version from read_parquet("
          ~ lit(trained.artifact_location ~ '/' ~ part ~ '.parquet') ~ ") as t") -%}
  {%- endfor -%}
  {%- if trained.model_type == 'lda' -%}
    {%- do run_query("create or replace table " ~ dwhml.model_table(model_relation, 'dominant_topics') ~ " as "
          ~ dwhml.dominant_topic_sql(dwhml.model_table(model_relation, 'text_topics'))) -%}
  {%- else -%}
    {%- set info = {'model_version': trained.model_version, 'features': trained.features} -%}
    {%- do run_query("create or replace macro " ~ this.schema ~ "." ~ cfg.function ~ "(vector_table) as table "
          ~ dwhml.nearest_centroid_sql(info, "query_table(vector_table)", dwhml.model_table(model_relation, 'centroids'))) -%}
  {%- endif -%}
{% endmacro %}

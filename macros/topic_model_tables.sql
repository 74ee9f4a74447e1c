{#- The tables a topic model version writes, by model type (python_udfs.topics.TOPIC_TABLES names the same
    Parquet files; bound by a test): published as <model>__<part> next to the model's info table. -#}
{% macro topic_model_tables(model_type) %}
  {{ return({'lda': ['topic_words', 'text_topics', 'topic_rejects', 'vocabulary'], 'kmeans': ['centroids']}[model_type]) }}
{% endmacro %}

{#- Publish a promoted topic model version: each of its tables (topic_part_source: the DuckDB plugin's Parquet
    file, or the version's table in the warehouse) as <model>__<part> with its model_version, replaced in the
    model's run (readers see the old or the new version's tables); LDA also each text's dominant topic. -#}
{% macro publish_topic_model_tables(cfg, trained) %}
  {%- set model_relation = this.incorporate(type='table') -%}
  {%- for part in dwhml.topic_model_tables(trained.model_type) -%}
    {%- for statement in dwhml.replace_table_statements(dwhml.model_table(model_relation, part), "select t.*, "
          ~ dwhml.string_literal(trained.model_version) ~ " as model_version from " ~ dwhml.topic_part_source(trained, part) ~ " as t") -%}
      {%- do run_query(statement) -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if trained.model_type == 'lda' -%}
    {%- for statement in dwhml.replace_table_statements(dwhml.model_table(model_relation, 'dominant_topics'),
          dwhml.dominant_topic_sql(dwhml.model_table(model_relation, 'text_topics'))) -%}
      {%- do run_query(statement) -%}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}

{#- Where a version's table is read from. -#}
{% macro topic_part_source(trained, part) %}
  {{ return(adapter.dispatch('topic_part_source', 'dwhml')(trained, part)) }}
{% endmacro %}

{% macro default__topic_part_source(trained, part) %}
  {{ exceptions.raise_compiler_error("dwhml.topic_part_source is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__topic_part_source(trained, part) %}
  {{ return("read_parquet(" ~ dwhml.string_literal(trained.artifact_location ~ '/' ~ part ~ '.parquet') ~ ")") }}
{% endmacro %}

{#- The warehouses: the version's own table, <model>__<version>__<part>, where its client-fitted tables live. -#}
{% macro redshift__topic_part_source(trained, part) %}
  {{ return(dwhml.client_fit_table(trained, trained.model_identifier ~ '__' ~ part)) }}
{% endmacro %}

{% macro bigquery__topic_part_source(trained, part) %}
  {{ return(dwhml.client_fit_table(trained, trained.model_identifier ~ '__' ~ part)) }}
{% endmacro %}

{#- The statements that replace a table with a SELECT's rows. -#}
{% macro replace_table_statements(relation, select) %}
  {{ return(adapter.dispatch('replace_table_statements', 'dwhml')(relation, select)) }}
{% endmacro %}

{% macro default__replace_table_statements(relation, select) %}
  {{ exceptions.raise_compiler_error("dwhml.replace_table_statements is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__replace_table_statements(relation, select) %}
  {{ return(["create or replace table " ~ relation ~ " as " ~ select]) }}
{% endmacro %}

{#- BigQuery: CREATE OR REPLACE TABLE swaps the table in one statement. -#}
{% macro bigquery__replace_table_statements(relation, select) %}
  {{ return(["create or replace table " ~ relation ~ " as " ~ select]) }}
{% endmacro %}

{#- Redshift has no CREATE OR REPLACE TABLE: drop and create in the model's transaction (DDL is transactional
    there; readers see the old table until the commit). -#}
{% macro redshift__replace_table_statements(relation, select) %}
  {{ return(["drop table if exists " ~ relation, "create table " ~ relation ~ " as " ~ select]) }}
{% endmacro %}

{#- DuckDB, k-means: also the table macro <function>(vector_table) -> (id, topic, squared_distance,
    model_version) that assigns any vectors by the SQL join, from any client. -#}
{% macro duckdb_topic_model_tables(cfg, trained) %}
  {%- do dwhml.publish_topic_model_tables(cfg, trained) -%}
  {%- if trained.model_type == 'kmeans' -%}
    {%- set info = {'model_version': trained.model_version, 'features': trained.features} -%}
    {%- do run_query("create or replace macro " ~ this.schema ~ "." ~ cfg.function ~ "(vector_table) as table "
          ~ dwhml.nearest_centroid_sql(info, "query_table(vector_table)", dwhml.model_table(this.incorporate(type='table'), 'centroids'))) -%}
  {%- endif -%}
{% endmacro %}

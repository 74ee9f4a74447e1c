{#- BigQuery: the table function analysts call to score rows of their own with a linear model (sparse_linear or
    a bag-of-words baseline): `select * from <dataset>.<function>(table <their (id, feature, weight) table>)`
    gives id, predicted_label, predicted_probability, model_version, by dwhml.predict's join over the promoted
    version's tables. A table parameter's schema must be spelled out (CREATE TABLE FUNCTION, "Table
    parameters"): the feature relation's own column types; the argument may carry more columns, in any order.
    Replaced on each promotion (CREATE OR REPLACE), like the scores view. -#}
{% macro bigquery_table_function_sql(function_relation, info, columns) -%}
create or replace table function {{ function_relation }}(feature_rows table<
{%- for c in columns %}{{ c.name }} {{ c.type }}{{ ", " if not loop.last }}{% endfor %}>)
as (
{{ dwhml.sparse_linear_sql(info, none, "feature_rows") }}
)
{%- endmacro %}

{#- The statement for a promoted version of model `cfg`, its parameter typed like the model's feature relation. -#}
{% macro bigquery_table_function_statement(cfg, info) %}
  {%- set columns = dwhml.describe_query("select id, feature, weight from " ~ cfg.feature_relation) -%}
  {%- set function = api.Relation.create(database=target.database, schema=target.schema, identifier=cfg.function) -%}
  {{ return(dwhml.bigquery_table_function_sql(function, info, columns)) }}
{% endmacro %}

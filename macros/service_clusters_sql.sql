{#- Each training row's cluster as the warehouse's own k-means model assigns it: (id, cluster) with the
    service's cluster ids. Redshift's centroids are the means of these groups (service_centroids_sql); on both
    warehouses the share of rows on which it agrees with the SQL join is recorded (kmeans_measures_sql).
    Pure: golden-tested per warehouse. -#}
{% macro service_clusters_sql(trained, training_relation) %}
  {{ return(adapter.dispatch('service_clusters_sql', 'dwhml')(trained, training_relation)) }}
{% endmacro %}

{% macro default__service_clusters_sql(trained, training_relation) %}
  {{ exceptions.raise_compiler_error("dwhml.service_clusters_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- Redshift ML: the version's ML function (CREATE MODEL made it in the models' schema) returns the cluster. -#}
{% macro redshift__service_clusters_sql(trained, training_relation) -%}
{%- set q = dwhml.redshift__quote_identifier -%}
select
    t.id,
    {{ q(trained.model_schema) }}.{{ q(trained.function_name) }}({% for feature in trained.features %}t.{{ q(feature) }}{{ ", " if not loop.last }}{% endfor %}) as cluster
from {{ training_relation }} as t
{%- endmacro %}

{#- BigQuery ML: ML.PREDICT of a k-means model returns the input's columns and CENTROID_ID. -#}
{% macro bigquery__service_clusters_sql(trained, training_relation) -%}
select
    p.id,
    p.centroid_id as cluster
from ml.predict(model `{{ trained.model_database }}`.`{{ trained.model_schema }}`.`{{ trained.model_identifier }}`, (
    select * from {{ training_relation }} as t
)) as p
{%- endmacro %}

{#- The centroids a warehouse's own k-means training produced, as (cluster, <feature columns>) with the
    service's cluster ids; sized_centroids_sql numbers them by size. `trained` is the version (its features and
    where its model lives); `training_relation` its training rows. Pure: golden-tested per warehouse. -#}
{% macro service_centroids_sql(trained, training_relation) %}
  {{ return(adapter.dispatch('service_centroids_sql', 'dwhml')(trained, training_relation)) }}
{% endmacro %}

{% macro default__service_centroids_sql(trained, training_relation) %}
  {{ exceptions.raise_compiler_error("dwhml.service_centroids_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- Redshift ML exposes no centroids (SHOW MODEL describes the training job, not the model's parameters): each
    cluster's centroid is the mean of the training rows its ML function assigns to it (service_clusters_sql),
    which is where Lloyd's algorithm converges; how often the SQL join then agrees with the function is recorded
    with the measures (service_agreement). -#}
{% macro redshift__service_centroids_sql(trained, training_relation) -%}
{%- set q = dwhml.redshift__quote_identifier -%}
select
    s.cluster,
    {%- for feature in trained.features %}
    avg(t.{{ q(feature) }}) as {{ q(feature) }}{{ "," if not loop.last }}
    {%- endfor %}
from {{ training_relation }} as t
inner join (
{{ dwhml.redshift__service_clusters_sql(trained, training_relation) }}
) as s on t.id = s.id
group by s.cluster
{%- endmacro %}

{#- BigQuery ML: ML.CENTROIDS gives one row per (centroid_id, feature) with its numerical_value; standardize
    FALSE returns them in the features' own scale (the model trains with STANDARDIZE_FEATURES = FALSE anyway).
    Pivoted back to one column per feature. -#}
{% macro bigquery__service_centroids_sql(trained, training_relation) -%}
select
    c.centroid_id as cluster,
    {%- for feature in trained.features %}
    max(case when c.feature = {{ dwhml.bigquery__string_literal(feature) }} then c.numerical_value end) as {{ dwhml.bigquery__quote_identifier(feature) }}{{ "," if not loop.last }}
    {%- endfor %}
from ml.centroids(model `{{ trained.model_database }}`.`{{ trained.model_schema }}`.`{{ trained.model_identifier }}`, struct(false as standardize)) as c
group by c.centroid_id
{%- endmacro %}

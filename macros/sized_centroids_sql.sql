{#- A k-means version's centroid table from the centroids the warehouse's own training produced
    (service_centroids: (cluster, <feature columns>) with the service's cluster ids): every training row assigned
    to its nearest centroid by the same join that assigns new texts (nearest_centroid_sql), and the clusters
    numbered by that size, largest first, ties by the service's id, as the DuckDB trainer numbers them. Returns
    (cluster, texts, <feature columns>, service_cluster). Engine-neutral; golden-tested per dialect. -#}
{% macro sized_centroids_sql(info, training_relation, service_centroids) -%}
{%- set q = dwhml.quote_identifier -%}
with service_centroids as (
{{ service_centroids }}
),

assigned as (
{{ dwhml.nearest_centroid_sql(info, training_relation, 'service_centroids') }}
),

sizes as (
    select
        a.topic as service_cluster,
        count(*) as texts
    from assigned as a
    group by a.topic
)

select
    row_number() over (order by coalesce(s.texts, 0) desc, c.cluster) - 1 as cluster,
    coalesce(s.texts, 0) as texts,
    {%- for feature in info.features %}
    c.{{ q(feature) }},
    {%- endfor %}
    c.cluster as service_cluster
from service_centroids as c
left join sizes as s on c.cluster = s.service_cluster
{%- endmacro %}

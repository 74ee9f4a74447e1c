{#- A k-means version's measures in SQL, for the warehouses (the DuckDB trainer computes the same in Python):
    mean_squared_distance of every training row to its nearest centroid, and the mean silhouette (scikit-learn's
    definition: (b - a) / max(a, b) per text, 0 for a text alone in its cluster) over the training rows whose
    id hashes to bucket 0 of `sample_buckets` (hash_bucket: the same sample on every target); NULL when the
    sample holds fewer than two clusters. One row: (mean_squared_distance, silhouette, silhouette_sample,
    texts_train), and with `service_clusters` ((id, cluster) as the warehouse's own model assigns the training
    rows, service_clusters_sql) service_agreement: the share of rows the join puts in the service's cluster
    (the centroid table's service_cluster). Engine-neutral; golden-tested per dialect and run against
    scikit-learn. -#}
{% macro kmeans_measures_sql(info, training_relation, centroids, sample_buckets, service_clusters=none) -%}
{%- set q = dwhml.quote_identifier -%}
with assigned as (
{{ dwhml.nearest_centroid_sql(info, training_relation, centroids) }}
),

sampled as (
    select
        x.*,
        a.topic as assigned_topic
    from {{ training_relation }} as x
    inner join assigned as a on x.id = a.id
    where {{ dwhml.hash_bucket('x.id', sample_buckets) }} = 0
),

pair_distances as (
    select
        p.id,
        p.assigned_topic as topic,
        o.assigned_topic as other_topic,
        sqrt({% for feature in info.features %}(p.{{ q(feature) }} - o.{{ q(feature) }}) * (p.{{ q(feature) }} - o.{{ q(feature) }}){{ " + " if not loop.last }}{% endfor %}) as distance
    from sampled as p
    cross join sampled as o
    where p.id <> o.id
),

cluster_distances as (
    select
        d.id,
        d.topic,
        d.other_topic,
        avg(d.distance) as mean_distance
    from pair_distances as d
    group by d.id, d.topic, d.other_topic
),

text_silhouettes as (
    select
        c.id,
        max(case when c.other_topic = c.topic then c.mean_distance end) as own,
        min(case when c.other_topic <> c.topic then c.mean_distance end) as nearest_other
    from cluster_distances as c
    group by c.id
),

silhouette as (
    select
        case when count(distinct s.assigned_topic) >= 2 then avg(
            case
                when t.own is null or greatest(t.own, t.nearest_other) = 0 then cast(0 as {{ dwhml.float_type() }})
                else (t.nearest_other - t.own) / greatest(t.own, t.nearest_other)
            end
        ) end as silhouette,
        count(*) as silhouette_sample
    from sampled as s
    left join text_silhouettes as t on s.id = t.id
){%- if service_clusters %},

agreement as (
    select avg(case when c.service_cluster = v.cluster then cast(1 as {{ dwhml.float_type() }}) else 0 end) as service_agreement
    from assigned as a
    inner join {{ centroids }} as c on a.topic = c.cluster
    inner join (
{{ service_clusters }}
    ) as v on a.id = v.id
)
{%- endif %}

select
    m.mean_squared_distance,
    s.silhouette,
    s.silhouette_sample,
    m.texts_train{{ ",
    g.service_agreement" if service_clusters }}
from (
    select
        avg(a.squared_distance) as mean_squared_distance,
        count(*) as texts_train
    from assigned as a
) as m
cross join silhouette as s
{%- if service_clusters %}
cross join agreement as g
{%- endif %}
{%- endmacro %}

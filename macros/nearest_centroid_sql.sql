{#- k-means assignment in plain SQL on every target: each input row's nearest centroid by squared Euclidean
    distance over the model's feature columns (ties to the lower cluster number, as the NumPy reference),
    a cross join with the version's centroid table (cluster, <feature columns>). Returns (id, topic,
    squared_distance, model_version). Engine-neutral; golden-tested per dialect. -#}
{% macro nearest_centroid_sql(info, input_relation, centroids) -%}
{%- set q = dwhml.quote_identifier -%}
select
    r.id,
    r.cluster as topic,
    r.squared_distance,
    {{ dwhml.string_literal(info.model_version) }} as model_version
from (
    select
        d.id,
        d.cluster,
        d.squared_distance,
        row_number() over (partition by d.id order by d.squared_distance, d.cluster) as nearest
    from (
        select
            x.id,
            c.cluster,{%- for feature in info.features %}
            (x.{{ q(feature) }} - c.{{ q(feature) }}) * (x.{{ q(feature) }} - c.{{ q(feature) }}){{ " +" if not loop.last else " as squared_distance" }}
            {%- endfor %}
        from {{ input_relation }} as x
        cross join {{ centroids }} as c
    ) as d
) as r
where r.nearest = 1
{%- endmacro %}

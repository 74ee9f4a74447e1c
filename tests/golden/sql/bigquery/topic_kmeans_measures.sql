with assigned as (
select
    r.id,
    r.cluster as topic,
    r.squared_distance,
    'v0123456789abcdef' as model_version
from (
    select
        d.id,
        d.cluster,
        d.squared_distance,
        row_number() over (partition by d.id order by d.squared_distance, d.cluster) as nearest
    from (
        select
            x.id,
            c.cluster,
            (x.`dim_0` - c.`dim_0`) * (x.`dim_0` - c.`dim_0`) +
            (x.`dim_1` - c.`dim_1`) * (x.`dim_1` - c.`dim_1`) +
            (x.`dim_2` - c.`dim_2`) * (x.`dim_2` - c.`dim_2`) as squared_distance
        from input_vectors as x
        cross join m__sized_centroids as c
    ) as d
) as r
where r.nearest = 1
),

sampled as (
    select
        x.*,
        a.topic as assigned_topic
    from input_vectors as x
    inner join assigned as a on x.id = a.id
    where mod(cast(concat('0x', substr(to_hex(md5(cast(x.id as string))), 1, 8)) as int64), 2) = 0
),

pair_distances as (
    select
        p.id,
        p.assigned_topic as topic,
        o.assigned_topic as other_topic,
        sqrt((p.`dim_0` - o.`dim_0`) * (p.`dim_0` - o.`dim_0`) + (p.`dim_1` - o.`dim_1`) * (p.`dim_1` - o.`dim_1`) + (p.`dim_2` - o.`dim_2`) * (p.`dim_2` - o.`dim_2`)) as distance
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
                when t.own is null or greatest(t.own, t.nearest_other) = 0 then cast(0 as float64)
                else (t.nearest_other - t.own) / greatest(t.own, t.nearest_other)
            end
        ) end as silhouette,
        count(*) as silhouette_sample
    from sampled as s
    left join text_silhouettes as t on s.id = t.id
),

agreement as (
    select avg(case when c.service_cluster = v.cluster then cast(1 as float64) else 0 end) as service_agreement
    from assigned as a
    inner join m__sized_centroids as c on a.topic = c.cluster
    inner join (
select s.id, s.cluster from m__service_clusters as s
    ) as v on a.id = v.id
)

select
    m.mean_squared_distance,
    s.silhouette,
    s.silhouette_sample,
    m.texts_train,
    g.service_agreement
from (
    select
        avg(a.squared_distance) as mean_squared_distance,
        count(*) as texts_train
    from assigned as a
) as m
cross join silhouette as s
cross join agreement as g

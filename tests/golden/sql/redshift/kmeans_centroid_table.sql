create table "dwhml_ml"."clusters__v0123456789abcdef__centroids" as
with service_centroids as (
select
    s.cluster,
    avg(t."dim_0") as "dim_0",
    avg(t."dim_1") as "dim_1",
    avg(t."dim_2") as "dim_2"
from input_vectors as t
inner join (
select
    t.id,
    "dwhml_ml"."fn_clusters__v0123456789abcdef"(t."dim_0", t."dim_1", t."dim_2") as cluster
from input_vectors as t
) as s on t.id = s.id
group by s.cluster
),

assigned as (
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
            (x."dim_0" - c."dim_0") * (x."dim_0" - c."dim_0") +
            (x."dim_1" - c."dim_1") * (x."dim_1" - c."dim_1") +
            (x."dim_2" - c."dim_2") * (x."dim_2" - c."dim_2") as squared_distance
        from input_vectors as x
        cross join service_centroids as c
    ) as d
) as r
where r.nearest = 1
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
    c."dim_0",
    c."dim_1",
    c."dim_2",
    c.cluster as service_cluster
from service_centroids as c
left join sizes as s on c.cluster = s.service_cluster

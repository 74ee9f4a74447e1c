create table `dwhml-test`.`dwhml`.`m__v0123456789abcdef__centroids` as
with service_centroids as (
select
    c.centroid_id as cluster,
    max(case when c.feature = 'dim_0' then c.numerical_value end) as `dim_0`,
    max(case when c.feature = 'dim_1' then c.numerical_value end) as `dim_1`,
    max(case when c.feature = 'dim_2' then c.numerical_value end) as `dim_2`
from ml.centroids(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, struct(false as standardize)) as c
group by c.centroid_id
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
            (x.`dim_0` - c.`dim_0`) * (x.`dim_0` - c.`dim_0`) +
            (x.`dim_1` - c.`dim_1`) * (x.`dim_1` - c.`dim_1`) +
            (x.`dim_2` - c.`dim_2`) * (x.`dim_2` - c.`dim_2`) as squared_distance
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
    c.`dim_0`,
    c.`dim_1`,
    c.`dim_2`,
    c.cluster as service_cluster
from service_centroids as c
left join sizes as s on c.cluster = s.service_cluster

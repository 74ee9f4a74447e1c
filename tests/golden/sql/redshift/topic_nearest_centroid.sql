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
        cross join m__centroids as c
    ) as d
) as r
where r.nearest = 1

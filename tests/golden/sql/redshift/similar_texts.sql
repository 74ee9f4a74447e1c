with normed as (
    select
        v.id,
        v."dim_0",
        v."dim_1",
        v."dim_2",
        sqrt(v."dim_0" * v."dim_0" + v."dim_1" * v."dim_1" + v."dim_2" * v."dim_2") as norm
    from input_vectors as v
),

pairs as (
    select
        a.id,
        b.id as neighbour_id,
        (a."dim_0" * b."dim_0" + a."dim_1" * b."dim_1" + a."dim_2" * b."dim_2") / (a.norm * b.norm) as similarity
    from normed as a
    cross join normed as b
    where a.id <> b.id
        and a.norm > 0
        and b.norm > 0
)

select
    r.id,
    r.neighbour_id,
    r.similarity,
    r.neighbour_rank
from (
    select
        c.id,
        c.neighbour_id,
        c.similarity,
        row_number() over (partition by c.id order by c.similarity desc, c.neighbour_id) as neighbour_rank
    from pairs as c
) as r
where r.neighbour_rank <= 2

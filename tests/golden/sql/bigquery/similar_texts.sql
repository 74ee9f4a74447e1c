with embedded as (
    select
        v.id,
        [v.`dim_0`, v.`dim_1`, v.`dim_2`] as embedding
    from input_vectors as v
    where v.`dim_0` * v.`dim_0` + v.`dim_1` * v.`dim_1` + v.`dim_2` * v.`dim_2` > 0
),

found as (
    select
        s.query.id,
        s.base.id as neighbour_id,
        1 - s.distance as similarity
    from vector_search(
        (select e.id, e.embedding from embedded as e),
        'embedding',
        (select e.id, e.embedding from embedded as e),
        top_k => 3,
        distance_type => 'COSINE',
        options => '{"use_brute_force": true}'
    ) as s
    where s.base.id <> s.query.id
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
    from found as c
) as r
where r.neighbour_rank <= 2

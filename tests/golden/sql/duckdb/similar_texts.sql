select
    n.neighbour.id as id,
    n.neighbour.neighbour_id as neighbour_id,
    n.neighbour.similarity as similarity,
    n.neighbour.neighbour_rank as neighbour_rank
from (
    select unnest(dwhml_similar(
        list(cast(v.id as varchar) order by cast(v.id as varchar)),
        list([v."dim_0", v."dim_1", v."dim_2"]::double[] order by cast(v.id as varchar)),
        2,
        2
    )) as neighbour
    from input_vectors as v
) as n

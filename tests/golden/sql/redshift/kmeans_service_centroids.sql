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

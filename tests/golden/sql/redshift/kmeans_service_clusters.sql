select
    t.id,
    "dwhml_ml"."fn_clusters__v0123456789abcdef"(t."dim_0", t."dim_1", t."dim_2") as cluster
from input_vectors as t

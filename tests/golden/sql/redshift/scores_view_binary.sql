create or replace view "dev"."dwhml"."model_scores" as

select
    src.*,
    case "dwhml_ml"."fn_model__v0123456789abcdef"(src."dim_0", src."dim_1") when 0 then 0 when 1 then 1 end as predicted_label,
    cast(null as double precision) as predicted_probability,
    'v0123456789abcdef' as model_version
from "dev"."raw"."text_vectors" as src
with no schema binding

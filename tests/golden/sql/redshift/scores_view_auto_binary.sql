create or replace view "dev"."dwhml"."model_scores" as

select
    scored.*,
    case
        when cast(scored.predicted_probabilities.labels[0] as varchar) = '1'
            then cast(scored.predicted_probabilities.probabilities[0] as double precision)
        when cast(scored.predicted_probabilities.labels[1] as varchar) = '1'
            then cast(scored.predicted_probabilities.probabilities[1] as double precision)
    end as predicted_probability,
    'v0123456789abcdef' as model_version
from (
    select
        src.*,
        "dwhml_ml"."fn_model__v0123456789abcdef"(src."dim_0", src."dim_1") as predicted_label,
        "dwhml_ml"."fn_model__v0123456789abcdef_probabilities"(src."dim_0", src."dim_1") as predicted_probabilities
    from "dev"."raw"."text_vectors" as src
) as scored
with no schema binding

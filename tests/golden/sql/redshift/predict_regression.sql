select
    src.*,
    "dwhml_ml"."fn_model__v0123456789abcdef"(src."dim_0", src."dim_1") as predicted_label,
    cast(null as double precision) as predicted_probability,
    'v0123456789abcdef' as model_version
from input_rows as src

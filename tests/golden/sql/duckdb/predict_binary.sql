select
    scored.* exclude (dwhml_prediction),
    ([0, 1])[scored.dwhml_prediction.label_index + 1] as predicted_label,
    scored.dwhml_prediction.probability as predicted_probability,
    'v0000000000000001' as model_version
from (
    select
        src.*,
        dwhml_predict('/store/golden_binary/v1', [dim_0, dim_1]::float []) as dwhml_prediction
    from input_rows as src
) as scored

select
    scored.* exclude (dwhml_prediction),
    ([0, 1])[scored.dwhml_prediction.label_index + 1] as predicted_label,
    scored.dwhml_prediction.probability as predicted_probability,
    'v0000000000000001' as model_version
from (
    select
        src.*,
        dwhml_predict_text('/store/golden_text/v1', text) as dwhml_prediction
    from input_rows as src
) as scored

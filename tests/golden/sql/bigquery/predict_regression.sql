select
    p.* except (`predicted_score`),
    p.`predicted_score` as predicted_label,
    cast(null as float64) as predicted_probability,
    'v0123456789abcdef' as model_version
from ml.predict(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (select * from input_rows)) as p

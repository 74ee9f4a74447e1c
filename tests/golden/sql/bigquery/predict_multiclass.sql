select
    p.* except (`predicted_sector`, `predicted_sector_probs`),
    p.`predicted_sector` as predicted_label,
    (select class_prob.prob from unnest(p.`predicted_sector_probs`) as class_prob where class_prob.label = p.`predicted_sector`) as predicted_probability,
    'v0123456789abcdef' as model_version
from ml.predict(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (select * from input_rows)) as p

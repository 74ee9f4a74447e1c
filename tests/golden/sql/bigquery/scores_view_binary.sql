create or replace view `dwhml-test`.`dwhml`.`m_scores` as
select
    p.* except (`predicted_is_employment`, `predicted_is_employment_probs`),
    p.`predicted_is_employment` as predicted_label,
    (select class_prob.prob from unnest(p.`predicted_is_employment_probs`) as class_prob where class_prob.label = 1) as predicted_probability,
    'v0123456789abcdef' as model_version
from ml.predict(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (select * from `dwhml-test`.`raw`.`text_vectors`)) as p

insert into `dwhml-test`.`dwhml`.`dwhml_confusion_matrices` (model_name, model_version, actual_label, predicted_label, n)
select r.model_name, r.model_version, r.actual_label, r.predicted_label, r.n
from (
select
    'm' as model_name,
    'v0123456789abcdef' as model_version,
    cast(s.actual as string) as actual_label,
    cast(s.predicted_label as string) as predicted_label,
    count(*) as n
from (select s.label as actual, s.predicted_label, s.predicted_probability from (select
    p.* except (`predicted_label`, `predicted_label_probs`),
    p.`predicted_label` as predicted_label,
    (select class_prob.prob from unnest(p.`predicted_label_probs`) as class_prob where class_prob.label = 1) as predicted_probability,
    'v0123456789abcdef' as model_version
from ml.predict(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (select * from (select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`))) as p) as s) as s
group by 1, 2, 3, 4
) as r
where not exists (
    select 1
    from `dwhml-test`.`dwhml`.`dwhml_confusion_matrices` as done
    where done.model_name = 'm'
        and done.model_version = 'v0123456789abcdef'
)

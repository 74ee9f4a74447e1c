insert into `dwhml-test`.`dwhml`.`dwhml_binary_curves` (model_name, model_version, threshold, tp, fp, fn, tn)
select r.model_name, r.model_version, r.threshold, r.tp, r.fp, r.fn, r.tn
from (
with scored as (
    select
        case when s.actual = 1 then 1 else 0 end as y,
        floor(s.predicted_probability * 100) / 100.0 as bucket
    from (select s.label as actual, s.predicted_label, s.predicted_probability from (select
    p.* except (`predicted_label`, `predicted_label_probs`),
    p.`predicted_label` as predicted_label,
    (select class_prob.prob from unnest(p.`predicted_label_probs`) as class_prob where class_prob.label = 1) as predicted_probability,
    'v0123456789abcdef' as model_version
from ml.predict(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (select * from (select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`))) as p) as s) as s
    -- no curve from a model without probabilities (Redshift ML's AUTO OFF XGBoost)
    where s.predicted_probability is not null
),

buckets as (
    select
        bucket,
        sum(y) as positives,
        count(*) - sum(y) as negatives
    from scored
    group by bucket
),

cumulative as (
    select
        bucket as threshold,
        sum(positives) over (order by bucket desc rows between unbounded preceding and current row) as tp,
        sum(negatives) over (order by bucket desc rows between unbounded preceding and current row) as fp,
        sum(positives) over () as all_positives,
        sum(negatives) over () as all_negatives
    from buckets
)

select
    'm' as model_name,
    'v0123456789abcdef' as model_version,
    cast(threshold as float64) as threshold,
    tp,
    fp,
    all_positives - tp as fn,
    all_negatives - fp as tn
from cumulative
) as r
where not exists (
    select 1
    from `dwhml-test`.`dwhml`.`dwhml_binary_curves` as done
    where done.model_name = 'm'
        and done.model_version = 'v0123456789abcdef'
)

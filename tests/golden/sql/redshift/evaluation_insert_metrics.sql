insert into "dev"."dwhml"."dwhml_model_metrics" (model_name, model_version, problem_type, target, metric, value, evaluated_at)
select r.model_name, r.model_version, r.problem_type, r.target, r.metric, r.value, r.evaluated_at
from (
select m.*, getdate() as evaluated_at from (
with scored as (
    select
        case when actual = 1 then 1 else 0 end as y,
        case when predicted_label = 1 then 1 else 0 end as y_hat,
        least(greatest(predicted_probability, 1e-15), 1 - 1e-15) as p
    from (select s.label as actual, s.predicted_label, s.predicted_probability from (
select
    src.*,
    case "dwhml_ml"."fn_model__v0123456789abcdef"(src."dim_0", src."dim_1") when 0 then 0 when 1 then 1 end as predicted_label,
    cast(null as double precision) as predicted_probability,
    'v0123456789abcdef' as model_version
from (select label, dim_0, dim_1 from dwhml.training where is_test) as src) as s) as s
),

counts as (
    select
        sum(y * y_hat) as tp,
        sum((1 - y) * y_hat) as fp,
        sum(y * (1 - y_hat)) as fn,
        sum((1 - y) * (1 - y_hat)) as tn,
        sum(y) as positives,
        count(*) - sum(y) as negatives,
        -avg(y * ln(p) + (1 - y) * ln(1 - p)) as log_loss
    from scored
),

ranked as (
    select
        y,
        p,
        -- the mean rank of p's ties: (first + last) / 2, the last from the descending rank. Not
        -- count(*) over (partition by p): BigQuery refuses to partition by a FLOAT64.
        (rank() over (order by p) + count(*) over () + 1 - rank() over (order by p desc)) / 2.0 as mid_rank
    from scored
),

-- Undefined when a prediction has no probability (e.g. Redshift ML's AUTO OFF XGBoost).
auc as (
    select
        case when count(r.p) = count(*) then
            (sum(case when r.y = 1 then r.mid_rank else 0 end) - max(c.positives) * (max(c.positives) + 1) / 2.0)
            / nullif(max(c.positives) * max(c.negatives), 0)
        end as roc_auc
    from ranked as r
    cross join counts as c
),

metrics as (
    select
        c.tp + c.fp + c.fn + c.tn as n,
        c.tp,
        c.fp,
        c.fn,
        c.tn,
        (c.tp + c.tn) * 1.0 / nullif(c.tp + c.fp + c.fn + c.tn, 0) as accuracy,
        c.tp * 1.0 / nullif(c.tp + c.fp, 0) as precision,
        c.tp * 1.0 / nullif(c.tp + c.fn, 0) as recall,
        2.0 * c.tp / nullif(2 * c.tp + c.fp + c.fn, 0) as f1,
        a.roc_auc,
        c.log_loss
    from counts as c
    cross join auc as a
)

select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'n' as metric,
    cast(n as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'tp' as metric,
    cast(tp as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'fp' as metric,
    cast(fp as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'fn' as metric,
    cast(fn as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'tn' as metric,
    cast(tn as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'accuracy' as metric,
    cast(accuracy as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'precision' as metric,
    cast(precision as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'recall' as metric,
    cast(recall as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'f1' as metric,
    cast(f1 as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'roc_auc' as metric,
    cast(roc_auc as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'binary_classification' as problem_type,
    'label' as target,
    'log_loss' as metric,
    cast(log_loss as double precision) as value
from metrics

) as m
) as r
where not exists (
    select 1
    from "dev"."dwhml"."dwhml_model_metrics" as done
    where done.model_name = 'model'
        and done.model_version = 'v0123456789abcdef'
)

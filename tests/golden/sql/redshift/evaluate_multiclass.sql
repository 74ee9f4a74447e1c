with scored as (
    select
        cast(actual as text) as actual,
        cast(predicted_label as text) as predicted
    from (select label as actual, predicted_label, predicted_probability
    from predictions
    where model_version = 'v0123456789abcdef' and split = 'test') as s
),

classes as (
    select distinct label
    from (
        select actual as label from scored
        union all
        select predicted as label from scored
    ) as labels
),

per_class as (
    select
        c.label,
        sum(case when s.actual = c.label and s.predicted = c.label then 1 else 0 end) as tp,
        sum(case when s.actual != c.label and s.predicted = c.label then 1 else 0 end) as fp,
        sum(case when s.actual = c.label and s.predicted != c.label then 1 else 0 end) as fn
    from classes as c
    cross join scored as s
    group by c.label
),

metrics as (
    select
        (select count(*) from scored) as n,
        (select avg(case when actual = predicted then 1.0 else 0.0 end) from scored) as accuracy,
        avg(coalesce(tp * 1.0 / nullif(tp + fp, 0), 0)) as macro_precision,
        avg(coalesce(tp * 1.0 / nullif(tp + fn, 0), 0)) as macro_recall,
        avg(coalesce(2.0 * tp / nullif(2 * tp + fp + fn, 0), 0)) as macro_f1
    from per_class
)

select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'multiclass_classification' as problem_type,
    'label' as target,
    'n' as metric,
    cast(n as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'multiclass_classification' as problem_type,
    'label' as target,
    'accuracy' as metric,
    cast(accuracy as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'multiclass_classification' as problem_type,
    'label' as target,
    'macro_precision' as metric,
    cast(macro_precision as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'multiclass_classification' as problem_type,
    'label' as target,
    'macro_recall' as metric,
    cast(macro_recall as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'multiclass_classification' as problem_type,
    'label' as target,
    'macro_f1' as metric,
    cast(macro_f1 as double precision) as value
from metrics

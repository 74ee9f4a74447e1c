with metrics as (
    select
        count(*) as n,
        sqrt(avg((predicted_label - actual) * (predicted_label - actual))) as rmse,
        avg(abs(predicted_label - actual)) as mae
    from (select label as actual, predicted_label, predicted_probability
    from predictions
    where model_version = 'v0123456789abcdef' and split = 'test') as s
)

select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'regression' as problem_type,
    'label' as target,
    'n' as metric,
    cast(n as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'regression' as problem_type,
    'label' as target,
    'rmse' as metric,
    cast(rmse as double precision) as value
from metrics
union all
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    'regression' as problem_type,
    'label' as target,
    'mae' as metric,
    cast(mae as double precision) as value
from metrics

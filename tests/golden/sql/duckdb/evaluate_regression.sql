with metrics as (
    select
        count(*) as n,
        sqrt(avg((predicted_label - actual) * (predicted_label - actual))) as rmse,
        avg(abs(predicted_label - actual)) as mae
    from (select score as actual, predicted_label, predicted_probability
    from predictions
    where model_version = 'v0000000000000001' and split = 'test') as s
)

select
    'golden_regression' as model_name,
    'v0000000000000001' as model_version,
    'regression' as problem_type,
    'score' as target,
    'n' as metric,
    cast(n as double precision) as value
from metrics
union all
select
    'golden_regression' as model_name,
    'v0000000000000001' as model_version,
    'regression' as problem_type,
    'score' as target,
    'rmse' as metric,
    cast(rmse as double precision) as value
from metrics
union all
select
    'golden_regression' as model_name,
    'v0000000000000001' as model_version,
    'regression' as problem_type,
    'score' as target,
    'mae' as metric,
    cast(mae as double precision) as value
from metrics

select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    cast(s.actual as text) as actual_label,
    cast(s.predicted_label as text) as predicted_label,
    count(*) as n
from (select label as actual, predicted_label, predicted_probability
    from predictions
    where model_version = 'v0123456789abcdef' and split = 'test') as s
group by 1, 2, 3, 4

select
    'golden_multiclass' as model_name,
    'v0000000000000001' as model_version,
    cast(s.actual as text) as actual_label,
    cast(s.predicted_label as text) as predicted_label,
    count(*) as n
from (select sector as actual, predicted_label, predicted_probability
    from predictions
    where model_version = 'v0000000000000001' and split = 'test') as s
group by 1, 2, 3, 4

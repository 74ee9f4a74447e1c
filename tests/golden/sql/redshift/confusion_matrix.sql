select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    cast(label as text) as actual_label,
    cast(predicted_label as text) as predicted_label,
    count(*) as n
from predictions
where model_version = 'v0123456789abcdef' and split = 'test'
group by 1, 2, 3, 4

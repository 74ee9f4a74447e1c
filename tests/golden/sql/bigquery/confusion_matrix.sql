select
    'm' as model_name,
    'v0123456789abcdef' as model_version,
    cast(label as string) as actual_label,
    cast(predicted_label as string) as predicted_label,
    count(*) as n
from predictions
where model_version = 'v0123456789abcdef' and split = 'test'
group by 1, 2, 3, 4

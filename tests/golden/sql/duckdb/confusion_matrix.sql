select
    'golden_multiclass' as model_name,
    'v0000000000000001' as model_version,
    cast(sector as text) as actual_label,
    cast(predicted_label as text) as predicted_label,
    count(*) as n
from predictions
where model_version = 'v0000000000000001' and split = 'test'
group by 1, 2, 3, 4

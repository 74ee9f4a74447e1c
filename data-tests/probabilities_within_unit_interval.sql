-- Every predicted probability lies in [0, 1].
select
    'employment_predictions' as model,
    id,
    predicted_probability
from {{ ref('employment_predictions') }}
where predicted_probability < 0 or predicted_probability > 1
union all
select
    'sector_predictions' as model,
    id,
    predicted_probability
from {{ ref('sector_predictions') }}
where predicted_probability < 0 or predicted_probability > 1
union all
select
    'employment_baseline_predictions' as model,
    id,
    predicted_probability
from {{ ref('employment_baseline_predictions') }}
where predicted_probability < 0 or predicted_probability > 1
union all
select
    'sector_baseline_predictions' as model,
    id,
    predicted_probability
from {{ ref('sector_baseline_predictions') }}
where predicted_probability < 0 or predicted_probability > 1

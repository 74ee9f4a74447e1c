with scored as (
    select
        case when s.actual = 1 then 1 else 0 end as y,
        floor(s.predicted_probability * 100) / 100.0 as bucket
    from (select is_employment as actual, predicted_label, predicted_probability
    from predictions
    where model_version = 'v0000000000000001' and split = 'test') as s
    -- no curve from a model without probabilities (Redshift ML's AUTO OFF XGBoost)
    where s.predicted_probability is not null
),

buckets as (
    select
        bucket,
        sum(y) as positives,
        count(*) - sum(y) as negatives
    from scored
    group by bucket
),

cumulative as (
    select
        bucket as threshold,
        sum(positives) over (order by bucket desc rows between unbounded preceding and current row) as tp,
        sum(negatives) over (order by bucket desc rows between unbounded preceding and current row) as fp,
        sum(positives) over () as all_positives,
        sum(negatives) over () as all_negatives
    from buckets
)

select
    'golden_binary' as model_name,
    'v0000000000000001' as model_version,
    cast(threshold as double precision) as threshold,
    tp,
    fp,
    all_positives - tp as fn,
    all_negatives - fp as tn
from cumulative

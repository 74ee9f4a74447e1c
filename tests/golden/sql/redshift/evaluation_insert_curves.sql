insert into "dev"."dwhml"."dwhml_binary_curves" (model_name, model_version, threshold, tp, fp, fn, tn)
select r.model_name, r.model_version, r.threshold, r.tp, r.fp, r.fn, r.tn
from (
with scored as (
    select
        case when s.actual = 1 then 1 else 0 end as y,
        floor(s.predicted_probability * 100) / 100.0 as bucket
    from (select s.label as actual, s.predicted_label, s.predicted_probability from (
select
    src.*,
    case "dwhml_ml"."fn_model__v0123456789abcdef"(src."dim_0", src."dim_1") when 0 then 0 when 1 then 1 end as predicted_label,
    cast(null as double precision) as predicted_probability,
    'v0123456789abcdef' as model_version
from (select label, dim_0, dim_1 from dwhml.training where is_test) as src) as s) as s
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
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    cast(threshold as double precision) as threshold,
    tp,
    fp,
    all_positives - tp as fn,
    all_negatives - fp as tn
from cumulative
) as r
where not exists (
    select 1
    from "dev"."dwhml"."dwhml_binary_curves" as done
    where done.model_name = 'model'
        and done.model_version = 'v0123456789abcdef'
)

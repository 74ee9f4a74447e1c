{#- Engine-neutral ROC and precision-recall points of one binary model version in a predictions table: per threshold
    (0.00, 0.01, ..., 1.00 on the positive-class probability) the confusion counts of
    "predicted positive when probability >= threshold". Columns: model_name, model_version,
    threshold, tp, fp, fn, tn. -#}
{% macro binary_curve(predictions, model, actual, where="split = 'test'") -%}
{%- set info = dwhml.model_info(model) -%}
{{ dwhml.curve_rows_sql(info, dwhml.scored_rows_sql(predictions, info, actual, where)) }}
{%- endmacro %}

{#- The curve over `scored` rows of (actual, predicted_label, predicted_probability). -#}
{% macro curve_rows_sql(info, scored) -%}
{%- set lit = dwhml.string_literal -%}
with scored as (
    select
        case when s.actual = {{ dwhml.class_literal(info.classes[1]) }} then 1 else 0 end as y,
        floor(s.predicted_probability * 100) / 100.0 as bucket
    from ({{ scored }}) as s
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
    {{ lit(info.model_name) }} as model_name,
    {{ lit(info.model_version) }} as model_version,
    cast(threshold as {{ dwhml.float_type() }}) as threshold,
    tp,
    fp,
    all_positives - tp as fn,
    all_negatives - fp as tn
from cumulative
{%- endmacro %}

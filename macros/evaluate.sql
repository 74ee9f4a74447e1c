{#- Engine-neutral metrics of one model version on the rows of `predictions` matching `where`:
    a SELECT of (model_name, model_version, problem_type, target, metric, value).
    binary: accuracy, precision, recall, f1, roc_auc, log_loss, counts; multiclass: accuracy,
    macro precision/recall/f1; regression: rmse, mae. The ml_model materialization records the same
    metrics of each new version on its test rows (record_evaluation); this macro evaluates a
    predictions table of one's own (e.g. newly labelled rows). -#}
{% macro evaluate(predictions, model, actual, where="split = 'test'") %}
  {%- set info = dwhml.model_info(model) -%}
  {{ return(dwhml.metrics_sql(info, dwhml.scored_rows_sql(predictions, info, actual, where))) }}
{% endmacro %}

{#- The (actual, predicted_label, predicted_probability) rows of one version in a predictions table. -#}
{% macro scored_rows_sql(predictions, info, actual, where) -%}
    select {{ actual }} as actual, predicted_label, predicted_probability
    from {{ predictions }}
    where model_version = {{ dwhml.string_literal(info.model_version) }} and {{ where }}
{%- endmacro %}

{#- The metrics SELECT over `scored` rows of (actual, predicted_label, predicted_probability). -#}
{% macro metrics_sql(info, scored) %}
  {%- if info.problem_type == 'binary_classification' -%}
    {{ return(dwhml.binary_metrics_sql(info, scored, dwhml.class_literal(info.classes[1]))) }}
  {%- elif info.problem_type == 'multiclass_classification' -%}
    {{ return(dwhml.multiclass_metrics_sql(info, scored)) }}
  {%- else -%}
    {{ return(dwhml.regression_metrics_sql(info, scored)) }}
  {%- endif -%}
{% endmacro %}

{% macro metric_rows(info, source, metrics) -%}
{%- for metric in metrics %}
select
    {{ dwhml.string_literal(info.model_name) }} as model_name,
    {{ dwhml.string_literal(info.model_version) }} as model_version,
    {{ dwhml.string_literal(info.problem_type) }} as problem_type,
    {{ dwhml.string_literal(info.target) }} as target,
    '{{ metric }}' as metric,
    cast({{ metric }} as {{ dwhml.float_type() }}) as value
from {{ source }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
{%- endmacro %}

{% macro binary_metrics_sql(info, scored, positive) -%}
with scored as (
    select
        case when actual = {{ positive }} then 1 else 0 end as y,
        case when predicted_label = {{ positive }} then 1 else 0 end as y_hat,
        least(greatest(predicted_probability, 1e-15), 1 - 1e-15) as p
    from ({{ scored }}) as s
),

counts as (
    select
        sum(y * y_hat) as tp,
        sum((1 - y) * y_hat) as fp,
        sum(y * (1 - y_hat)) as fn,
        sum((1 - y) * (1 - y_hat)) as tn,
        sum(y) as positives,
        count(*) - sum(y) as negatives,
        -avg(y * ln(p) + (1 - y) * ln(1 - p)) as log_loss
    from scored
),

ranked as (
    select
        y,
        p,
        -- the mean rank of p's ties: (first + last) / 2, the last from the descending rank. Not
        -- count(*) over (partition by p): BigQuery refuses to partition by a FLOAT64.
        (rank() over (order by p) + count(*) over () + 1 - rank() over (order by p desc)) / 2.0 as mid_rank
    from scored
),

-- Undefined when a prediction has no probability (e.g. Redshift ML's AUTO OFF XGBoost).
auc as (
    select
        case when count(r.p) = count(*) then
            (sum(case when r.y = 1 then r.mid_rank else 0 end) - max(c.positives) * (max(c.positives) + 1) / 2.0)
            / nullif(max(c.positives) * max(c.negatives), 0)
        end as roc_auc
    from ranked as r
    cross join counts as c
),

metrics as (
    select
        c.tp + c.fp + c.fn + c.tn as n,
        c.tp,
        c.fp,
        c.fn,
        c.tn,
        (c.tp + c.tn) * 1.0 / nullif(c.tp + c.fp + c.fn + c.tn, 0) as accuracy,
        c.tp * 1.0 / nullif(c.tp + c.fp, 0) as precision,
        c.tp * 1.0 / nullif(c.tp + c.fn, 0) as recall,
        2.0 * c.tp / nullif(2 * c.tp + c.fp + c.fn, 0) as f1,
        a.roc_auc,
        c.log_loss
    from counts as c
    cross join auc as a
)
{{ dwhml.metric_rows(info, 'metrics', ['n', 'tp', 'fp', 'fn', 'tn', 'accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss']) }}
{%- endmacro %}

{% macro multiclass_metrics_sql(info, scored) -%}
with scored as (
    select
        cast(actual as {{ dbt.type_string() | lower }}) as actual,
        cast(predicted_label as {{ dbt.type_string() | lower }}) as predicted
    from ({{ scored }}) as s
),

classes as (
    select distinct label
    from (
        select actual as label from scored
        union all
        select predicted as label from scored
    ) as labels
),

per_class as (
    select
        c.label,
        sum(case when s.actual = c.label and s.predicted = c.label then 1 else 0 end) as tp,
        sum(case when s.actual != c.label and s.predicted = c.label then 1 else 0 end) as fp,
        sum(case when s.actual = c.label and s.predicted != c.label then 1 else 0 end) as fn
    from classes as c
    cross join scored as s
    group by c.label
),

metrics as (
    select
        (select count(*) from scored) as n,
        (select avg(case when actual = predicted then 1.0 else 0.0 end) from scored) as accuracy,
        avg(coalesce(tp * 1.0 / nullif(tp + fp, 0), 0)) as macro_precision,
        avg(coalesce(tp * 1.0 / nullif(tp + fn, 0), 0)) as macro_recall,
        avg(coalesce(2.0 * tp / nullif(2 * tp + fp + fn, 0), 0)) as macro_f1
    from per_class
)
{{ dwhml.metric_rows(info, 'metrics', ['n', 'accuracy', 'macro_precision', 'macro_recall', 'macro_f1']) }}
{%- endmacro %}

{% macro regression_metrics_sql(info, scored) -%}
with metrics as (
    select
        count(*) as n,
        sqrt(avg((predicted_label - actual) * (predicted_label - actual))) as rmse,
        avg(abs(predicted_label - actual)) as mae
    from ({{ scored }}) as s
)
{{ dwhml.metric_rows(info, 'metrics', ['n', 'rmse', 'mae']) }}
{%- endmacro %}

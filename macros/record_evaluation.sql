{#- Evaluate a newly trained version on the test rows of its model's SELECT and append its metrics,
    confusion matrix and (binary) curve to the evaluation history; returns {metric: value}. The quality
    gate decides on these values and model_metrics shows them: one measurement. A version already in the
    history (a re-run after a failure later in the node) is not appended again. -#}
{% macro record_evaluation(info, test_sql) %}
  {%- set scored = dwhml.scored_test_rows_sql(info, test_sql) -%}
  {%- for kind in dwhml.evaluation_kinds(info) -%}
    {%- do run_query(dwhml.evaluation_insert_sql(kind, info, dwhml.evaluation_rows_sql(kind, info, scored))) -%}
  {%- endfor -%}
  {%- set recorded = run_query(dwhml.recorded_metrics_sql(info)) -%}
  {%- set metrics = {} -%}
  {%- for row in recorded.rows -%}
    {%- do metrics.update({row[0]: row[1]}) -%}
  {%- endfor -%}
  {{ return(metrics) }}
{% endmacro %}

{#- The metrics recorded for a version. Pure: golden-tested. -#}
{% macro recorded_metrics_sql(info) -%}
select h.metric, h.value
from {{ dwhml.evaluation_history_relation('metrics') }} as h
where h.model_name = {{ dwhml.string_literal(info.model_name) }}
    and h.model_version = {{ dwhml.string_literal(info.model_version) }}
{%- endmacro %}

{#- What is recorded of a version: metrics always, a confusion matrix of a classifier, a curve of a binary one. -#}
{% macro evaluation_kinds(info) %}
  {{ return({'regression': ['metrics'], 'multiclass_classification': ['metrics', 'confusion']}.get(
      info.problem_type, ['metrics', 'confusion', 'curves'])) }}
{% endmacro %}

{#- The history rows of one kind over `scored` rows of (actual, predicted_label, predicted_probability). -#}
{% macro evaluation_rows_sql(kind, info, scored) %}
  {%- if kind == 'metrics' -%}
    {{ return("select m.*, " ~ dbt.current_timestamp() ~ " as evaluated_at from (\n" ~ dwhml.metrics_sql(info, scored) ~ "\n) as m") }}
  {%- elif kind == 'confusion' -%}
    {{ return(dwhml.confusion_rows_sql(info, scored)) }}
  {%- endif -%}
  {{ return(dwhml.curve_rows_sql(info, scored)) }}
{% endmacro %}

{#- Append `select`'s rows of one version to a history table unless the version is there. Pure: golden-tested. -#}
{% macro evaluation_insert_sql(kind, info, select) -%}
{%- set table = dwhml.evaluation_history_relation(kind) -%}
{%- set columns = dwhml.evaluation_history_columns(kind) | map(attribute=0) | list -%}
insert into {{ table }} ({{ columns | join(', ') }})
select r.{{ columns | join(', r.') }}
from (
{{ select }}
) as r
where not exists (
    select 1
    from {{ table }} as done
    where done.model_name = {{ dwhml.string_literal(info.model_name) }}
        and done.model_version = {{ dwhml.string_literal(info.model_version) }}
)
{%- endmacro %}

{#- A version's (actual, predicted_label, predicted_probability) on the test rows of its model's SELECT. -#}
{% macro scored_test_rows_sql(info, test_sql) -%}
{%- if dwhml.scored_by_join(info.model_type) -%}
  {%- set scored = dwhml.sparse_linear_sql(info, "(select distinct t.id, t." ~ info.target ~ " from (" ~ test_sql ~ ") as t)", "(" ~ test_sql ~ ")") -%}
{%- else -%}
  {%- set scored = dwhml.predict_version(info, "(" ~ test_sql ~ ")") -%}
{%- endif -%}
select s.{{ info.target }} as actual, s.predicted_label, s.predicted_probability from ({{ scored }}) as s
{%- endmacro %}

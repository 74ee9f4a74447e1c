{#- A tuned version's trials (meta.dwhml.tuning), appended to dwhml_trials beside the registry: one row per
    trial with its parameters, objective, other metrics, duration, status (completed / failed / pruned) and
    whether it was chosen, how many training rows fitted and scored it; the chosen trial's learning curve
    when its family has one. trained.tuning holds them: the DuckDB trainer's study, or BigQuery ML's ML.TRIAL_INFO read back. Recorded once per version. -#}
{% macro record_trials(trained) %}
  {%- set tuning = trained.get('tuning') or {} -%}
  {%- if tuning.get('trials') -%}
    {%- do run_query(dwhml.trials_insert_sql(dwhml.evaluation_history_relation('trials'), trained.model_name,
          trained.model_version, tuning.objective, tuning.trials, tuning.get('learning_curve'))) -%}
  {%- endif -%}
{% endmacro %}

{#- The INSERT of a version's trials unless the version has rows already (a re-run). Engine-neutral; the
    literals sit in a derived table (BigQuery refuses a WHERE without a FROM). Pure: golden-tested. -#}
{% macro trials_insert_sql(relation, model_name, model_version, objective, trials, learning_curve) -%}
{%- set lit = dwhml.string_literal -%}
{%- set number = dwhml.number_literal -%}
{%- set text = dwhml.text_literal -%}
insert into {{ relation }} (model_name, model_version, trial_number, parameters, objective_metric, objective_value, metrics, duration_seconds, status, chosen, learning_curve, fit_rows, validation_rows, recorded_at)
select v.model_name, v.model_version, v.trial_number, v.parameters, v.objective_metric, v.objective_value, v.metrics, v.duration_seconds, v.status, v.chosen, v.learning_curve, v.fit_rows, v.validation_rows, {{ dbt.current_timestamp() }}
from (
    {% for trial in trials -%}
    select
        {{ lit(model_name) }} as model_name,
        {{ lit(model_version) }} as model_version,
        {{ trial.trial | int }} as trial_number,
        {{ lit(tojson(trial.parameters, sort_keys=true)) }} as parameters,
        {{ lit(objective) }} as objective_metric,
        {{ number(trial.objective if trial.objective is number and trial.objective == trial.objective else none) }} as objective_value,
        {{ lit(tojson(trial.metrics or {}, sort_keys=true)) }} as metrics,
        {{ number(trial.seconds) }} as duration_seconds,
        {{ lit(trial.status) }} as status,
        {{ 'true' if trial.chosen else 'false' }} as chosen,
        {{ text(tojson(learning_curve) if trial.chosen and learning_curve else none) }} as learning_curve,
        {{ dwhml.integer_literal(trial.get('fit_rows')) }} as fit_rows,
        {{ dwhml.integer_literal(trial.get('validation_rows')) }} as validation_rows
    {{- "\n    union all\n    " if not loop.last }}
    {%- endfor %}
) as v
where not exists (
    select 1
    from {{ relation }} as t
    where t.model_name = {{ lit(model_name) }}
        and t.model_version = {{ lit(model_version) }}
)
{%- endmacro %}

{#- Decide whether a newly trained version replaces the current one. The new version is scored on the
    test rows of the model's own SELECT (data_split_column) with the engine-neutral metrics SQL (and its
    evaluation recorded in the history model_metrics reads) and
    compared with the value recorded for the current version when it was gated (re-scoring the old
    version on new rows is wrong when features change meaning, e.g. after re-embedding; it is the
    fallback for a version gated before); promoted unless worse by more than max_drop.
    Returns {promote, reason, metric, value, compared_version, compared_value}. -#}
{% macro quality_gate(cfg, trained, test_sql) %}
  {%- set gate = cfg.quality_gate -%}
  {%- set decision = {'promote': true, 'metric': none, 'value': none, 'compared_version': none,
                      'compared_value': none, 'reason': 'no data_split_column: not gated'} -%}
  {%- if cfg.problem_type == 'topic_model' -%}
    {#- No labels to gate on: the version's measures go to the metrics history, and the newest version serves. -#}
    {%- do dwhml.record_topic_measures(dict(trained, model_name=cfg.name)) -%}
    {%- do decision.update({'reason': 'topic model: not gated; its measures are in model_metrics'}) -%}
    {{ return(decision) }}
  {%- endif -%}
  {%- if test_sql is none -%}
    {{ return(decision) }}
  {%- endif -%}
  {#- The new version as an info dict: what training returned, scored from its own artifact (not yet promoted). -#}
  {%- set candidate = dict(trained, model_name=cfg.name, relation=this, tables=dwhml.candidate_weight_tables(trained)) -%}
  {%- set current = dwhml.model_info(this) if load_relation(this) is not none else none -%}
  {%- if current is not none and current.model_version == trained.model_version -%}
    {%- do decision.update({'metric': gate.metric, 'reason': 'unchanged'}) -%}
    {{ return(decision) }}
  {%- endif -%}
  {%- do decision.update({'metric': gate.metric, 'value': dwhml.record_evaluation(candidate, test_sql).get(gate.metric)}) -%}
  {%- if current is none -%}
    {%- do decision.update({'reason': 'first version'}) -%}
    {{ return(decision) }}
  {%- endif -%}
  {#- A metric of another task says nothing about this one: a new task starts a new lineage. -#}
  {%- set changed = dwhml.task_change(cfg, trained, current) -%}
  {%- if changed -%}
    {%- do decision.update({'reason': 'new task (' ~ changed ~ '): the first version of this task, not compared with '
          ~ current.model_version}) -%}
    {{ return(decision) }}
  {%- endif -%}
  {%- set current_value = dwhml.recorded_gate_value(cfg.name, current.model_version, gate.metric) -%}
  {%- if current_value is none -%}
    {%- set current_value = dwhml.test_metric(current, test_sql, gate.metric) -%}
  {%- endif -%}
  {%- do decision.update({'compared_version': current.model_version, 'compared_value': current_value}) -%}
  {%- if decision.value is none or current_value is none -%}
    {%- do decision.update({'reason': gate.metric ~ ' is undefined on the test rows: promoted without comparison'}) -%}
    {{ return(decision) }}
  {%- endif -%}
  {%- set drop = (decision.value - current_value) if gate.lower_is_better else (current_value - decision.value) -%}
  {%- set summary = gate.metric ~ " " ~ '%.4f' | format(decision.value) ~ " vs " ~ '%.4f' | format(current_value)
        ~ " of current version " ~ current.model_version ~ " (max_drop " ~ gate.max_drop ~ ")" -%}
  {%- do decision.update({'promote': drop <= gate.max_drop,
                          'reason': ('promoted: ' if drop <= gate.max_drop else 'not promoted: ') ~ summary}) -%}
  {{ return(decision) }}
{% endmacro %}

{#- One metric of a version on the test rows (a SELECT of the target and the model's features), not
    recorded: a current version gated before dwhml recorded the gate's value. -#}
{% macro test_metric(info, test_sql, metric) %}
  {%- set result = run_query(dwhml.test_metric_sql(info, test_sql, metric)) -%}
  {{ return(result.rows[0][0] if result.rows else none) }}
{% endmacro %}

{% macro test_metric_sql(info, test_sql, metric) -%}
select m.value
from (
{{ dwhml.metrics_sql(info, dwhml.scored_test_rows_sql(info, test_sql)) }}
) as m
where m.metric = {{ dwhml.string_literal(metric) }}
{%- endmacro %}

{% macro recorded_gate_value_sql(registry, model_name, model_version, metric) -%}
select r.gate_value
from {{ registry }} as r
where r.model_name = {{ dwhml.string_literal(model_name) }}
    and r.model_version = {{ dwhml.string_literal(model_version) }}
    and r.gate_metric = {{ dwhml.string_literal(metric) }}
    and r.gate_value is not null
order by r.recorded_at desc
limit 1
{%- endmacro %}

{#- Where the quality gate reads a trained, not yet promoted sparse_linear version's weights. -#}
{% macro candidate_weight_tables(trained) %}
  {{ return(adapter.dispatch('candidate_weight_tables', 'dwhml')(trained)) }}
{% endmacro %}

{% macro default__candidate_weight_tables(trained) %}
  {{ exceptions.raise_compiler_error("dwhml.candidate_weight_tables is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: straight from the artifact's Parquet files. -#}
{% macro duckdb__candidate_weight_tables(trained) %}
  {%- set tables = {} -%}
  {%- if dwhml.scored_by_join(trained.model_type) -%}
    {%- for part in ['vocabulary', 'coefficients', 'calibration'] -%}
      {%- do tables.update({part: "read_parquet(" ~ dwhml.string_literal(trained.artifact_location ~ '/' ~ part ~ '.parquet') ~ ")"}) -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(tables) }}
{% endmacro %}

{#- The gate metric recorded for a version, or none. -#}
{% macro recorded_gate_value(model_name, model_version, metric) %}
  {%- set result = run_query(dwhml.recorded_gate_value_sql(dwhml.model_registry_relation(), model_name, model_version, metric)) -%}
  {{ return(result.rows[0][0] if result.rows else none) }}
{% endmacro %}

{#- The warehouses: a sparse_linear version's own tables, written back by `dwhml wait-models` (train_on_the_client). -#}
{% macro redshift__candidate_weight_tables(trained) %}{{ return(dwhml.client_fit_weight_tables(trained)) }}{% endmacro %}

{% macro bigquery__candidate_weight_tables(trained) %}{{ return(dwhml.client_fit_weight_tables(trained)) }}{% endmacro %}

{% macro client_fit_weight_tables(trained) %}
  {%- if not dwhml.scored_by_join(trained.model_type) -%}{{ return({}) }}{%- endif -%}
  {%- set tables = dwhml.client_fit_tables(trained) -%}
  {{ return({'vocabulary': tables.vocabulary, 'coefficients': tables.coefficients, 'calibration': tables.calibration}) }}
{% endmacro %}

{#- What differs between the task of a new version and the current one's (target, problem type, classes,
    meta.dwhml.task), or an empty string. -#}
{% macro task_change(cfg, trained, current) %}
  {%- set changes = [] -%}
  {%- for key in ['target', 'problem_type', 'classes'] if trained[key] != current[key] -%}
    {%- do changes.append(key ~ " " ~ current[key] ~ " -> " ~ trained[key]) -%}
  {%- endfor -%}
  {#- The version's registry row (select *): a registry from before the task column reads as no task; it gets
      the column only when this version is recorded, after the gate. -#}
  {%- set recorded = run_query(dwhml.model_info_select(current.model_name, current.model_version)) -%}
  {%- set current_task = recorded.rows[0]['task'] if recorded.rows and 'task' in recorded.column_names else none -%}
  {%- if (current_task or none) != (cfg.task or none) -%}
    {%- do changes.append("task '" ~ current_task ~ "' -> '" ~ cfg.task ~ "'") -%}
  {%- endif -%}
  {{ return(changes | join('; ')) }}
{% endmacro %}

{#-
  ml_model: train a model from the model's SELECT, record the version, create the
  analyst function, and leave a one-row table describing the current version
  (so ref('my_model') works downstream). With data_split_column, a new version must
  pass the quality gate on the test rows to replace the current one. One body for every
  target; what differs is dispatched (describe_query, train_model, create_prediction_function,
  model_info_table_sql, apply_model_grants, candidate_weight_tables).
-#}
{% materialization ml_model, default %}
  {%- set cfg = dwhml.ml_config() -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set grant_config = config.get('grants') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {#- The vectors' embedding version, when the SELECT carries it: recorded, not a feature. -#}
  {%- set embedding = dwhml.embedding_version_of(cfg, sql) -%}
  {%- do cfg.update({'embedding_version': embedding.version}) -%}
  {%- set split = dwhml.split_training_sql(cfg, embedding.sql) -%}
  {%- do dwhml.check_training_columns(cfg, split.train) -%}
  {%- set trained = dwhml.train_model(cfg, split.train) -%}
  {%- do trained.update({'embedding_version': embedding.version}) -%}
  {%- if not trained.get('ready', true) -%}
    {#- Still training in the warehouse (Redshift ML): recorded; the current version stays in place. -#}
    {%- do dwhml.record_model_version(cfg, trained, {'status': 'training', 'promote': false, 'metric': none, 'value': none,
          'compared_version': none, 'compared_value': none, 'reason': "training in the warehouse: '" ~ trained.state ~ "'"}, grant_config) -%}
    {{ adapter.commit() }}
    {{ return(dwhml.training_not_ready(cfg, trained, target_relation)) }}
  {%- endif -%}
  {%- set gate = dwhml.quality_gate(cfg, trained, split.test) -%}
  {%- do dwhml.record_model_version(cfg, trained, gate, grant_config) -%}
  {%- if gate.promote -%}
    {%- do dwhml.create_prediction_function(cfg, trained) -%}
    {%- set current_version = trained.model_version -%}
  {%- else -%}
    {#- Analysts keep the current function and downstream models keep the current version. -#}
    {%- set current_version = gate.compared_version -%}
    {%- do exceptions.warn("dwhml: " ~ cfg.name ~ ": version " ~ trained.model_version ~ " recorded but " ~ gate.reason) -%}
  {%- endif -%}
  {%- if gate.metric is not none -%}
    {{ log("dwhml: " ~ cfg.name ~ ": quality gate: " ~ gate.reason, info=True) }}
  {%- endif -%}

  {% call statement('main') -%}
    {{ dwhml.model_info_table_sql(target_relation, cfg.name, current_version) }}
  {%- endcall %}

  {%- do dwhml.apply_model_grants(cfg, target_relation, grant_config) -%}
  {% do persist_docs(target_relation, model) %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {%- if not gate.promote and cfg.quality_gate.on_failure == 'error' -%}
    {{ exceptions.raise_compiler_error("dwhml: " ~ cfg.name ~ ": quality gate failed (quality_gate.on_failure = error): version " ~ trained.model_version ~ " " ~ gate.reason ~ "; the current version stays in place") }}
  {%- endif -%}

  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- A version still training: with var dwhml_submit_only (the first step of `dwhml build`) the node
    succeeds; otherwise it fails, so nothing downstream runs, saying how to resume. -#}
{% macro training_not_ready(cfg, trained, target_relation) %}
  {%- set where = dwhml.warehouse_model_name(trained) -%}
  {%- if var('dwhml_submit_only', false) -%}
    {{ log("dwhml: " ~ cfg.name ~ ": version " ~ trained.model_version ~ " is training (" ~ where ~ ", '" ~ trained.state ~ "')", info=True) }}
    {#- dbt requires a 'main' statement; the info table is left as it is. -#}
    {% call statement('main') -%} select 1 as dwhml_submitted {%- endcall %}
    {{ return({'relations': [target_relation]}) }}
  {%- endif -%}
  {{ exceptions.raise_compiler_error("dwhml: " ~ cfg.name ~ ": version " ~ trained.model_version ~ " is still training (" ~ where
      ~ ", '" ~ trained.state ~ "'); the current version stays in place and nothing downstream ran. Wait with `dwhml wait-models --target "
      ~ target.type ~ "`, then run `dbt build` again: it attaches to this training instead of starting another (`dwhml build --target "
      ~ target.type ~ "` does all three).") }}
{% endmacro %}

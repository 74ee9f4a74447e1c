{#-
  ml_model: train a model from the model's SELECT, record the version, create the
  analyst function, and leave a one-row table describing the current version
  (so ref('my_model') works downstream). One body for every target; what differs
  is dispatched (train_model, create_prediction_function, model_info_table_sql,
  apply_model_grants).
-#}
{% materialization ml_model, default %}
  {%- set cfg = dwhml.ml_config() -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set grant_config = config.get('grants') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {%- do dwhml.check_training_columns(cfg, sql) -%}
  {%- set trained = dwhml.train_model(cfg, sql) -%}
  {%- do dwhml.record_model_version(cfg, trained) -%}
  {%- do dwhml.create_prediction_function(cfg, trained) -%}

  {% call statement('main') -%}
    {{ dwhml.model_info_table_sql(target_relation, trained) }}
  {%- endcall %}

  {%- do dwhml.apply_model_grants(cfg, target_relation, grant_config) -%}
  {% do persist_docs(target_relation, model) %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

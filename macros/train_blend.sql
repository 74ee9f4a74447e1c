{#- The components' current versions a blend version pins (the version's identity and its scoring). -#}
{% macro blend_components(cfg) %}
  {%- set pinned = [] -%}
  {%- for name in cfg.components -%}
    {%- do pinned.append({'name': name, 'version': dwhml.model_info(dwhml.sibling_model(this, name)).model_version}) -%}
  {%- endfor -%}
  {{ return(pinned) }}
{% endmacro %}

{#- A blend on a warehouse: nothing to fit (its scoring is SQL over the pinned components, blend_sql), so the
    version is ready at once; its identity is the training rows' scan, the config and the pinned versions, as on
    DuckDB. -#}
{% macro train_blend(cfg, sql) %}
  {%- set pinned = dwhml.blend_components(cfg) -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set scan = run_query(dwhml.training_fingerprint_sql(sql, columns)).rows[0] -%}
  {%- set features = columns | map(attribute='name') | reject('equalto', cfg.target) | list -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': cfg.hyperparameters, 'features': features,
        'rows': scan[0] | int, 'fingerprint': scan[1] | string, 'components': pinned}) -%}
  {%- set hyperparameters = dict(cfg.hyperparameters) -%}
  {%- do hyperparameters.update({'components': pinned}) -%}
  {{ return({'model_name': cfg.name, 'model_version': dwhml.version_for_identity(cfg, identity),
             'trained_at': modules.datetime.datetime.utcnow().isoformat(), 'target': cfg.target,
             'problem_type': cfg.problem_type, 'model_type': 'blend', 'hyperparameters': hyperparameters,
             'training_rows': scan[0] | int, 'features': features, 'classes': dwhml.training_classes(cfg, sql),
             'artifact_location': none, 'model_database': none, 'model_schema': none, 'model_identifier': none,
             'function_name': none, 'feature_relation': none, 'forced': cfg.force, 'reused': false, 'ready': true,
             'state': 'nothing to fit: SQL over its components'}) }}
{% endmacro %}

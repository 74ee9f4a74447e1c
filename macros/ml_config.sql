{#- Read and validate config(meta={'dwhml': {...}}) of an ml_model; fail naming the model and the key. -#}
{% macro ml_config() %}
  {%- set allowed = ['target', 'problem_type', 'model_type', 'function', 'hyperparameters', 'positive_class',
                     'grant_execute_to', 'feature_relation'] -%}
  {%- set problem_types = ['binary_classification', 'multiclass_classification', 'regression'] -%}
  {%- set model_types = ['xgboost', 'bow_linear_svc', 'sparse_linear'] -%}
  {%- set name = model.name -%}
  {%- set meta = config.get('meta') or {} -%}
  {%- set given = meta.get('dwhml') -%}
  {%- if given is none or given is not mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': materialized='ml_model' needs config(meta={'dwhml': {...}})") }}
  {%- endif -%}
  {%- for key in given -%}
    {%- if key not in allowed -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': unknown key '" ~ key ~ "' in meta.dwhml (allowed: " ~ allowed | join(', ') ~ ")") }}
    {%- endif -%}
  {%- endfor -%}
  {%- for key in ['target', 'problem_type'] -%}
    {%- if not given.get(key) -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml." ~ key ~ " is required") }}
    {%- endif -%}
  {%- endfor -%}
  {%- if given['problem_type'] not in problem_types -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.problem_type '" ~ given['problem_type'] ~ "' is not one of " ~ problem_types | join(', ')) }}
  {%- endif -%}
  {%- set model_type = given.get('model_type', 'xgboost') -%}
  {%- if model_type not in model_types -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.model_type '" ~ model_type ~ "' is not one of " ~ model_types | join(', ')) }}
  {%- endif -%}
  {%- set hyperparameters = given.get('hyperparameters', {}) -%}
  {%- if hyperparameters is not mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.hyperparameters must be a mapping") }}
  {%- endif -%}
  {%- set function = given.get('function', 'fn_' ~ name) -%}
  {%- set feature_relation = none -%}
  {%- if model_type == 'sparse_linear' -%}
    {#- The (id, feature, weight) relation scored at prediction time; default: text_features beside the model. -#}
    {%- set feature_name = given.get('feature_relation', 'text_features') -%}
    {%- if feature_name is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$', feature_name) -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.feature_relation must be a relation name like schema.table") }}
    {%- endif -%}
    {%- set parts = feature_name.split('.') -%}
    {%- set feature_relation = api.Relation.create(database=target.database,
          schema=(parts[0] if parts | length == 2 else target.schema), identifier=parts[-1]) | string -%}
  {%- endif -%}
  {%- do dwhml.quote_identifier(function, 'meta.dwhml.function of model ' ~ name) -%}
  {%- do dwhml.quote_identifier(given['target'], 'meta.dwhml.target of model ' ~ name) -%}
  {{ return({
      'name': name, 'target': given['target'], 'problem_type': given['problem_type'], 'model_type': model_type,
      'function': function, 'hyperparameters': hyperparameters, 'positive_class': given.get('positive_class'),
      'grant_execute_to': given.get('grant_execute_to', []), 'feature_relation': feature_relation,
  }) }}
{% endmacro %}

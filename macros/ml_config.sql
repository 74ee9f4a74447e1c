{#- Read and validate config(meta={'dwhml': {...}}) of an ml_model; fail naming the model and the key. -#}
{% macro ml_config() %}
  {%- set allowed = ['target', 'problem_type', 'model_type', 'function', 'hyperparameters', 'positive_class',
                     'grant_execute_to'] -%}
  {%- set problem_types = ['binary_classification', 'multiclass_classification', 'regression'] -%}
  {%- set model_types = ['xgboost', 'bow_linear_svc'] -%}
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
  {%- do dwhml.quote_identifier(function, 'meta.dwhml.function of model ' ~ name) -%}
  {%- do dwhml.quote_identifier(given['target'], 'meta.dwhml.target of model ' ~ name) -%}
  {{ return({
      'name': name, 'target': given['target'], 'problem_type': given['problem_type'], 'model_type': model_type,
      'function': function, 'hyperparameters': hyperparameters, 'positive_class': given.get('positive_class'),
      'grant_execute_to': given.get('grant_execute_to', []),
  }) }}
{% endmacro %}

{#- BigQuery ML's own table functions over an ml_model's current version, as extras beside dwhml's
    engine-neutral metrics: evaluate, confusion_matrix, roc_curve (binary), trial_info (tuned models),
    feature_importance. `input` is a relation or SELECT of labelled rows (evaluate, confusion_matrix,
    roc_curve); omitted, BigQuery uses its own evaluation split where it kept one. -#}
{% macro bigquery_ml_function(function, model, input=none) %}
  {%- set known = ['evaluate', 'confusion_matrix', 'roc_curve', 'trial_info', 'feature_importance'] -%}
  {%- if function not in known -%}
    {{ exceptions.raise_compiler_error("dwhml.bigquery_ml_function: " ~ function ~ " is not one of " ~ known | join(', ')) }}
  {%- endif -%}
  {%- set info = dwhml.model_info(model) -%}
  {#- The ML.ROC_CURVE reference: binary classification models only; ML.TRIAL_INFO: models trained with
      hyperparameter tuning (num_trials) only. Refused here, naming the model, instead of by BigQuery. -#}
  {%- if execute and function == 'roc_curve' and info.problem_type != 'binary_classification' -%}
    {{ exceptions.raise_compiler_error("dwhml.bigquery_ml_function: ML.ROC_CURVE works on binary classification models only; " ~ info.model_name ~ " is " ~ info.problem_type) }}
  {%- endif -%}
  {%- if execute and function == 'trial_info' and (info.hyperparameters.get('bigquery', {}).get('num_trials', 1) | int) < 2 -%}
    {{ exceptions.raise_compiler_error("dwhml.bigquery_ml_function: ML.TRIAL_INFO works on models trained with hyperparameter tuning only; " ~ info.model_name ~ " was trained without (meta.dwhml.tuning tunes)") }}
  {%- endif -%}
  {{ return(adapter.dispatch('bigquery_ml_function', 'dwhml')(function, info, input)) }}
{% endmacro %}

{% macro default__bigquery_ml_function(function, info, input) %}
  {{ exceptions.raise_compiler_error("dwhml.bigquery_ml_function (ML." ~ function | upper ~ ") exists on BigQuery only, not on adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro bigquery__bigquery_ml_function(function, info, input) -%}
{%- set model = dwhml.warehouse_model_name(info, dwhml.bigquery__quote_identifier) -%}
{%- set source = none if input is none or function in ['trial_info', 'feature_importance'] else
      ('(' ~ input ~ ')' if modules.re.match('^\\s*(select|with)\\b', input | string | lower) else '(select * from ' ~ input ~ ')') -%}
select
    {{ dwhml.bigquery__string_literal(info.model_name) }} as model_name,
    {{ dwhml.bigquery__string_literal(info.model_version) }} as model_version,
    r.*
from ml.{{ function }}(model {{ model }}{{ ', ' ~ source if source }}) as r
{%- endmacro %}

{#- Whether a version's scoring on this target gives predicted_probability (a blend averages its components'). -#}
{% macro gives_probability(info) %}
  {{ return(adapter.dispatch('gives_probability', 'dwhml')(info)) }}
{% endmacro %}

{% macro default__gives_probability(info) %}
  {{ exceptions.raise_compiler_error("dwhml.gives_probability is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__gives_probability(info) %}{{ return(info.problem_type != 'regression') }}{% endmacro %}

{#- ML.PREDICT gives every classifier's probabilities. -#}
{% macro bigquery__gives_probability(info) %}{{ return(info.problem_type != 'regression') }}{% endmacro %}

{#- Redshift ML's AUTO OFF function returns the class only; AUTO ON adds <function>_probabilities (decision 0009). -#}
{% macro redshift__gives_probability(info) %}
  {{ return(info.problem_type != 'regression'
            and (info.model_type != 'xgboost' or info.hyperparameters.get('redshift', {}).get('auto', false))) }}
{% endmacro %}

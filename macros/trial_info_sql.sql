{#- The trials of a tuned warehouse version as rows (trial_id, parameters JSON, metrics JSON, status,
    error_message, is_optimal), ordered by trial: BigQuery ML's ML.TRIAL_INFO. -#}
{% macro trial_info_sql(trained) %}
  {{ return(adapter.dispatch('trial_info_sql', 'dwhml')(trained)) }}
{% endmacro %}

{% macro default__trial_info_sql(trained) %}
  {{ exceptions.raise_compiler_error("dwhml.trial_info_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- bigqueryml-syntax-trial-info: one row per trial; hyperparameters and hparam_tuning_evaluation_metrics are
    STRUCTs, read as JSON text. -#}
{% macro bigquery__trial_info_sql(trained) -%}
select
    t.trial_id,
    to_json_string(t.hyperparameters) as parameters,
    to_json_string(t.hparam_tuning_evaluation_metrics) as metrics,
    t.status,
    t.error_message,
    t.is_optimal
from ml.trial_info(model `{{ trained.model_database }}`.`{{ trained.model_schema }}`.`{{ trained.model_identifier }}`) as t
order by t.trial_id
{%- endmacro %}

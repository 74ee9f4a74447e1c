{#- Pieces of the BigQuery ML path used only by the bigquery__ variants. The SQL builders run nothing
    and are golden-tested. -#}

{#- dwhml's hyperparameter names (XGBoost's, as on DuckDB and Redshift) -> BigQuery ML options, per BigQuery
    model type. -#}
{% macro bigquery_option_names(bigquery_model_type) %}
  {%- if bigquery_model_type == 'logistic_reg' -%}
    {{ return({'num_round': 'max_iterations', 'eta': 'learn_rate', 'lambda': 'l2_reg', 'alpha': 'l1_reg'}) }}
  {%- endif -%}
  {{ return({'num_round': 'max_iterations', 'max_depth': 'max_tree_depth', 'eta': 'learn_rate',
             'subsample': 'subsample', 'colsample_bytree': 'colsample_bytree', 'min_child_weight': 'min_tree_child_weight',
             'gamma': 'min_split_loss', 'lambda': 'l2_reg', 'alpha': 'l1_reg'}) }}
{% endmacro %}

{% macro bigquery_option_name(cfg, name) %}
  {%- set mapping = dwhml.bigquery_option_names(cfg.bigquery.model_type) -%}
  {%- if name not in mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': hyperparameter '" ~ name ~ "' has no BigQuery ML " ~ cfg.bigquery.model_type ~ " option (known: " ~ mapping.keys() | sort | join(', ') ~ "; docs/bigquery.md)") }}
  {%- endif -%}
  {{ return(mapping[name]) }}
{% endmacro %}

{#- BigQuery ML's INT64 options among those dwhml maps to (the boosted tree CREATE MODEL reference):
    a float there is refused by BigQuery, so an integral float is sent as an integer and any other
    value fails here, naming the model and the key. -#}
{% macro bigquery_integer_value(cfg, key, option, value) %}
  {%- if option not in ['max_iterations', 'max_tree_depth', 'min_tree_child_weight'] -%}
    {{ return(value) }}
  {%- endif -%}
  {%- if value is not number or value is sameas true or value is sameas false or value != value | int -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': " ~ key ~ " is BigQuery ML's " ~ option | upper ~ ", an integer option; got " ~ value) }}
  {%- endif -%}
  {{ return(value | int) }}
{% endmacro %}

{#- The CREATE MODEL spec's option lists from the model's config. -#}
{% macro bigquery_model_options(cfg) %}
  {%- set options, ranges, candidates = [], [], [] -%}
  {%- set integer = dwhml.bigquery_integer_value -%}
  {%- set defaults = dwhml.hyperparameter_defaults()['xgboost'] -%}
  {#- No BigQuery option for max_bin and seed: at dwhml's default (XGBoost's max_bin 256; seed 0) nothing is
      sent, another value fails in bigquery_option_name. -#}
  {%- for name, value in cfg.hyperparameters | dictsort
        if not (name in ['max_bin', 'seed'] and value == defaults[name] and cfg.bigquery.model_type == 'boosted_tree') -%}
    {%- set option = dwhml.bigquery_option_name(cfg, name) -%}
    {%- do options.append((option, integer(cfg, 'meta.dwhml.hyperparameters.' ~ name, option, value))) -%}
  {%- endfor -%}
  {#- meta.dwhml.tuning's parameters as HPARAM_RANGE / HPARAM_CANDIDATES. BigQuery ML tunes neither
      MAX_ITERATIONS nor a logistic regression's LEARN_RATE (plain values only); it fixes each option's search
      scale itself (hp-tuning-overview), so a range's `log` is dwhml's (DuckDB) only. -#}
  {%- set untunable = ['num_round'] + (['eta'] if cfg.bigquery.model_type == 'logistic_reg' else []) -%}
  {%- for name, space in (cfg.tuning.parameters if cfg.tuning else {}) | dictsort -%}
    {%- set key = 'meta.dwhml.tuning.parameters.' ~ name -%}
    {%- if name in untunable -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': " ~ key ~ ": " ~ name ~ " is BigQuery ML's " ~ dwhml.bigquery_option_name(cfg, name) | upper ~ ", which takes no HPARAM_RANGE or HPARAM_CANDIDATES; set it in meta.dwhml.hyperparameters") }}
    {%- endif -%}
    {%- set option = dwhml.bigquery_option_name(cfg, name) -%}
    {%- if 'range' in space -%}
      {%- do ranges.append((option, [integer(cfg, key, option, space.range[0]), integer(cfg, key, option, space.range[1])])) -%}
    {%- else -%}
      {%- set checked = [] -%}
      {%- for value in space.candidates -%}
        {%- do checked.append(integer(cfg, key, option, value)) -%}
      {%- endfor -%}
      {%- do candidates.append((option, checked)) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if cfg.bigquery.model_type == 'boosted_tree' -%}
    {#- dwhml's XGBoost on every engine: the same tree method; every round of num_round trained (BigQuery
        would stop once the training loss improves by less than 1%); XGBoost 1.1, not 0.9. -#}
    {%- do options.append(('tree_method', dwhml.xgboost_engine_settings().tree_method | upper)) -%}
    {%- do options.append(('early_stop', false)) -%}
    {%- do options.append(('xgboost_version', '1.1')) -%}
  {%- endif -%}
  {%- if cfg.bigquery.model_type == 'logistic_reg' and 'eta' in cfg.hyperparameters -%}
    {%- do options.append(('learn_rate_strategy', 'CONSTANT')) -%}
  {%- endif -%}
  {{ return({'options': options, 'ranges': ranges, 'candidates': candidates}) }}
{% endmacro %}

{#- The create_model_sql spec of a BigQuery ML XGBoost (or logistic regression) version from its config:
    the options, and meta.dwhml.tuning as NUM_TRIALS, MAX_PARALLEL_TRIALS, HPARAM_TUNING_OBJECTIVES and the
    HPARAM_RANGE / HPARAM_CANDIDATES options. -#}
{% macro bigquery_create_model_spec(cfg, relation, sql) %}
  {%- set options = dwhml.bigquery_model_options(cfg) -%}
  {%- set tuning = cfg.get('tuning') -%}
  {{ return({'model': relation, 'model_type': cfg.bigquery.model_type, 'problem_type': cfg.problem_type,
             'target': cfg.target, 'options': options.options, 'num_trials': tuning.trials if tuning else 1,
             'max_parallel_trials': tuning.parallel_trials if tuning else 1,
             'objective': dwhml.bigquery_tuning_objective(tuning.objective) if tuning else none,
             'ranges': options.ranges, 'candidates': options.candidates, 'training_sql': sql}) }}
{% endmacro %}

{#- A tuned BigQuery ML version's trials, read back from ML.TRIAL_INFO (trial_info_sql) in the shape the DuckDB
    trainer records them (record_trials): dwhml's hyperparameter names, the objective in dwhml's terms (RMSE from
    BigQuery's mean squared error), BigQuery's evaluation metrics as the other metrics, status completed for
    SUCCEEDED, failed for FAILED and INFEASIBLE; the optimal trial chosen. ML.TRIAL_INFO has no durations (none).
    Returns {objective, trials, chosen_parameters}. -#}
{% macro bigquery_read_trials(cfg, trained) %}
  {%- set names = {} -%}
  {%- for name, option in dwhml.bigquery_option_names(cfg.bigquery.model_type).items() -%}{%- do names.update({option: name}) -%}{%- endfor -%}
  {%- set bigquery_objective = dwhml.bigquery_tuning_objective(cfg.tuning.objective) | lower -%}
  {%- set defaults = dwhml.hyperparameter_defaults()['xgboost'] -%}
  {%- set trials, chosen = [], {} -%}
  {%- for row in run_query(dwhml.trial_info_sql(trained)).rows -%}
    {%- set parameters = {} -%}
    {%- for option, value in (fromjson(row[1]) or {}).items() if option in names and names[option] in cfg.tuning.parameters -%}
      {%- set name = names[option] -%}
      {%- do parameters.update({name: (value | int) if defaults[name] is integer else (value | float)}) -%}
    {%- endfor -%}
    {%- set metrics = fromjson(row[2]) if row[2] else {} -%}
    {%- set value = metrics.get(bigquery_objective) -%}
    {%- if value is not none and cfg.tuning.objective == 'rmse' -%}{%- set value = value ** 0.5 -%}{%- endif -%}
    {%- set status = {'SUCCEEDED': 'completed', 'FAILED': 'failed', 'INFEASIBLE': 'failed'}.get(row[3] | string | upper, row[3] | string | lower) -%}
    {%- do trials.append({'trial': row[0] | int, 'parameters': parameters, 'objective': value, 'metrics': metrics,
          'seconds': none, 'status': status, 'chosen': row[5] is sameas true, 'error': row[4]}) -%}
    {%- if row[5] is sameas true -%}{%- do chosen.update(parameters) -%}{%- endif -%}
  {%- endfor -%}
  {{ return({'objective': cfg.tuning.objective, 'trials': trials, 'chosen_parameters': chosen}) }}
{% endmacro %}

{#- BigQuery ML's HPARAM_TUNING_OBJECTIVES for dwhml's objective (a quality-gate metric): the multiclass
    metrics BigQuery averages over the classes (macro), RMSE is minimised as MEAN_SQUARED_ERROR. -#}
{% macro bigquery_tuning_objective(objective) %}
  {{ return({'f1': 'F1_SCORE', 'macro_f1': 'F1_SCORE', 'roc_auc': 'ROC_AUC', 'accuracy': 'ACCURACY',
             'precision': 'PRECISION', 'macro_precision': 'PRECISION', 'recall': 'RECALL', 'macro_recall': 'RECALL',
             'log_loss': 'LOG_LOSS', 'rmse': 'MEAN_SQUARED_ERROR', 'mae': 'MEAN_ABSOLUTE_ERROR'}[objective]) }}
{% endmacro %}

{#- One scan: the row count and an order-independent fingerprint of the training rows. -#}
{% macro bigquery_fingerprint_sql(sql) -%}
select
    count(*) as row_count,
    sum(mod(farm_fingerprint(to_json_string(t)), 1000000007)) as fingerprint
from (
{{ sql }}
) as t
{%- endmacro %}

{#- A version's model: <name>__<version> in the model's dataset. -#}
{% macro bigquery_version_relation(cfg, version) %}
  {{ return(this.incorporate(path={'identifier': cfg.name ~ '__' ~ version}, type='table')) }}
{% endmacro %}

{#- The predicted label's probability from ML.PREDICT's predicted_<label>_probs. -#}
{% macro bigquery_probability(probs, wanted) -%}
(select class_prob.prob from unnest({{ probs }}) as class_prob where class_prob.label = {{ wanted }})
{%- endmacro %}

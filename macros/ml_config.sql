{#- Read and validate config(meta={'dwhml': {...}}) of an ml_model; fail naming the model and the key. -#}
{% macro ml_config() %}
  {%- set allowed = ['target', 'problem_type', 'model_type', 'function', 'hyperparameters', 'positive_class',
                     'grant_execute_to', 'feature_relation', 'data_split_column', 'quality_gate', 'components',
                     'scores_from', 'task', 'redshift', 'bigquery', 'tuning'] -%}
  {%- set problem_types = ['binary_classification', 'multiclass_classification', 'regression', 'topic_model'] -%}
  {%- set model_types = ['xgboost', 'bow_linear_svc', 'sparse_linear', 'blend', 'lda', 'kmeans'] -%}
  {%- set topic_model_types = ['lda', 'kmeans'] -%}
  {#- The relation's name (a project may alias its models): what the registry, report and analysts see. -#}
  {%- set name = this.identifier -%}
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
  {%- if not given.get('problem_type') -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.problem_type is required") }}
  {%- endif -%}
  {%- if given['problem_type'] not in problem_types -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.problem_type '" ~ given['problem_type'] ~ "' is not one of " ~ problem_types | join(', ')) }}
  {%- endif -%}
  {#- A topic model learns without a target (docs/decisions/0015). -#}
  {%- set topic_model = given['problem_type'] == 'topic_model' -%}
  {%- if topic_model and given.get('target') is not none -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': a topic_model has no meta.dwhml.target") }}
  {%- elif not topic_model and not given.get('target') -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.target is required") }}
  {%- endif -%}
  {%- set model_type = given.get('model_type', 'lda' if topic_model else 'xgboost') -%}
  {%- if model_type not in model_types -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.model_type '" ~ model_type ~ "' is not one of " ~ model_types | join(', ')) }}
  {%- endif -%}
  {%- if topic_model != (model_type in topic_model_types) -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': model_type " ~ model_type ~ (" is not a topic model (use lda or kmeans)" if topic_model else " needs problem_type topic_model")) }}
  {%- endif -%}
  {%- for key in ['quality_gate', 'positive_class', 'scores_from', 'task', 'bigquery', 'feature_relation'] if topic_model and key in given -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml." ~ key ~ " is not used by a topic_model (its measures are recorded, not gated)") }}
  {%- endfor -%}
  {%- set hyperparameters = given.get('hyperparameters', {}) -%}
  {%- if hyperparameters is not mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.hyperparameters must be a mapping") }}
  {%- endif -%}
  {#- Every target, before any data moves: known names, types and ranges (hyperparameter_spec.sql); true/false
      is not a number (it would reach XGBoost as 1.0 or Redshift as 'True'). -#}
  {%- do dwhml.check_hyperparameters(name, model_type, hyperparameters) -%}
  {%- set function = given.get('function', 'fn_' ~ name) -%}
  {%- set feature_relation = none -%}
  {%- if dwhml.scored_by_join(model_type) -%}
    {#- The (id, feature, weight) relation scored at prediction time; default: text_features beside the model. -#}
    {%- set feature_name = given.get('feature_relation', 'text_features') -%}
    {%- if feature_name is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$', feature_name) -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.feature_relation must be a relation name like schema.table") }}
    {%- endif -%}
    {%- set parts = feature_name.split('.') -%}
    {%- set feature_relation = api.Relation.create(database=target.database,
          schema=(parts[0] if parts | length == 2 else target.schema), identifier=parts[-1]) | string -%}
  {%- endif -%}
  {#- The relation the warehouse's scores view reads (docs/decisions/0011): schema-qualified, as a Redshift
      late-binding view requires. -#}
  {%- set scores_from = given.get('scores_from') -%}
  {%- if scores_from is not none and (scores_from is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*$', scores_from)) -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.scores_from must be a schema-qualified relation like raw.text_vectors") }}
  {%- endif -%}
  {#- What the target means (e.g. which label is positive), when the SELECT alone does not say: a new task
      is a new lineage for the quality gate, not a version compared with the old task's. -#}
  {%- set task = given.get('task') -%}
  {%- if task is not none and (task is not string or not task | trim) -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.task must be a non-empty string saying what the target means") }}
  {%- endif -%}
  {%- set components = given.get('components') -%}
  {%- if model_type == 'blend' -%}
    {#- Two trained binary models (dense, sparse) whose calibrated probabilities are averaged in SQL. -#}
    {%- if components is string or components is not iterable or components | length != 2 -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': model_type blend needs meta.dwhml.components: a list of two ml_model names") }}
    {%- endif -%}
    {%- for component in components -%}
      {%- do dwhml.quote_identifier(component, 'meta.dwhml.components entry of model ' ~ name) -%}
    {%- endfor -%}
    {%- if given['problem_type'] != 'binary_classification' -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': model_type blend supports binary_classification only (components keep only the predicted class's probability otherwise)") }}
    {%- endif -%}
  {%- elif components is not none -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.components is for model_type blend") }}
  {%- endif -%}
  {%- if given.get('positive_class') is not none and given['problem_type'] != 'binary_classification' -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.positive_class is for binary_classification") }}
  {%- endif -%}
  {%- set split_column = given.get('data_split_column') -%}
  {%- if split_column is not none -%}
    {%- do dwhml.quote_identifier(split_column, 'meta.dwhml.data_split_column of model ' ~ name) -%}
  {%- endif -%}
  {%- set quality_gate = none if topic_model else dwhml.quality_gate_config(name, given['problem_type'], given.get('quality_gate', {}), split_column) -%}
  {%- set redshift = dwhml.redshift_config(name, given['problem_type'], model_type, given.get('redshift', {}), hyperparameters) -%}
  {%- set bigquery = dwhml.bigquery_config(name, given['problem_type'], given.get('bigquery', {})) -%}
  {%- set tuning = dwhml.tuning_config(name, given['problem_type'], model_type, given.get('tuning'), hyperparameters,
        redshift.auto) -%}
  {#- Every key a model does not set gets dwhml's default on every target (BigQuery's boosted tree would
      otherwise train 20 rounds where DuckDB trains 100). Not where the service picks them or trains another
      algorithm: Redshift's Autopilot (AUTO ON), BigQuery's LOGISTIC_REG (its own options and defaults). -#}
  {%- if not redshift.auto and bigquery.model_type != 'logistic_reg' -%}
    {%- set hyperparameters = dwhml.resolved_hyperparameters(model_type, hyperparameters,
          (tuning.parameters.keys() | list) if tuning else []) -%}
  {%- endif -%}
  {%- set grantees = given.get('grant_execute_to', []) -%}
  {%- if grantees is string or grantees is not iterable -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.grant_execute_to must be a list like ['analyst', 'group analysts', 'role bi_reader']") }}
  {%- endif -%}
  {%- for grantee in grantees -%}
    {%- if grantee is not string or not modules.re.match('^((group|role) )?[A-Za-z_][A-Za-z0-9_]*$', grantee) -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.grant_execute_to entry " ~ (grantee | string) ~ " is not a user, 'group <name>' or 'role <name>'") }}
    {%- endif -%}
  {%- endfor -%}
  {%- do dwhml.quote_identifier(function, 'meta.dwhml.function of model ' ~ name) -%}
  {%- if not topic_model -%}
    {%- do dwhml.quote_identifier(given['target'], 'meta.dwhml.target of model ' ~ name) -%}
  {%- endif -%}
  {{ return({
      'name': name, 'target': given.get('target'), 'problem_type': given['problem_type'], 'model_type': model_type,
      'function': function, 'hyperparameters': hyperparameters, 'positive_class': given.get('positive_class'),
      'grant_execute_to': grantees, 'feature_relation': feature_relation, 'redshift': redshift, 'bigquery': bigquery,
      'scores_from': scores_from, 'task': task, 'tuning': tuning,
      'data_split_column': split_column, 'quality_gate': quality_gate, 'components': components,
      'force': dwhml.force_retrain(name),
  }) }}
{% endmacro %}

{#- The metrics a quality gate compares and tuning optimises, per problem type (python_udfs/tuning.METRICS computes
    them for DuckDB's trials; bound by a test). -#}
{% macro model_metrics_by_problem() %}
  {{ return({'binary_classification': ['f1', 'roc_auc', 'accuracy', 'precision', 'recall', 'log_loss'],
             'multiclass_classification': ['macro_f1', 'accuracy', 'macro_precision', 'macro_recall'],
             'regression': ['rmse', 'mae']}) }}
{% endmacro %}

{#- The model types meta.dwhml.tuning tunes (python_udfs/training.TUNED_FAMILIES; bound by a test). -#}
{% macro tuned_model_types() %}
  {{ return(['xgboost', 'sparse_linear', 'bow_linear_svc']) }}
{% endmacro %}

{#- The rows a DuckDB tuning trial is scored on: meta.dwhml.tuning.validation, by default a fifth of the
    training rows. -#}
{% macro tuning_validation(tuning) %}
  {{ return(tuning.validation or {'fraction': 0.2}) }}
{% endmacro %}

{#- meta.dwhml.quality_gate: {metric, max_drop, on_failure}; applies when data_split_column marks test rows. -#}
{% macro quality_gate_config(name, problem_type, given, split_column) %}
  {%- set metrics = dwhml.model_metrics_by_problem() -%}
  {%- set defaults = {'binary_classification': 'f1', 'multiclass_classification': 'macro_f1', 'regression': 'rmse'} -%}
  {%- if given is not mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.quality_gate must be a mapping of metric, max_drop, on_failure") }}
  {%- endif -%}
  {%- for key in given if key not in ['metric', 'max_drop', 'on_failure'] -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': unknown key '" ~ key ~ "' in meta.dwhml.quality_gate (allowed: metric, max_drop, on_failure)") }}
  {%- endfor -%}
  {%- if given and split_column is none -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.quality_gate needs meta.dwhml.data_split_column (the boolean column marking test rows)") }}
  {%- endif -%}
  {%- set metric = given.get('metric', defaults.get(problem_type)) -%}
  {%- if metric not in metrics.get(problem_type, []) -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.quality_gate.metric '" ~ metric ~ "' is not one of " ~ metrics.get(problem_type, []) | join(', ')) }}
  {%- endif -%}
  {%- set max_drop = given.get('max_drop', 0.02) -%}
  {%- if max_drop is not number or max_drop < 0 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.quality_gate.max_drop must be a number >= 0") }}
  {%- endif -%}
  {%- set on_failure = given.get('on_failure', 'warn') -%}
  {%- if on_failure not in ['warn', 'error'] -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.quality_gate.on_failure must be warn or error") }}
  {%- endif -%}
  {{ return({'metric': metric, 'max_drop': max_drop, 'on_failure': on_failure,
             'lower_is_better': metric in ['rmse', 'mae', 'log_loss']}) }}
{% endmacro %}

{#- var dwhml_force_retrain: true (every ml_model) or a list of model names: train a new version even if unchanged. -#}
{% macro force_retrain(name) %}
  {%- set forced = var('dwhml_force_retrain', false) -%}
  {%- if forced is string -%}{%- set forced = forced.split(',') | map('trim') | list -%}{%- endif -%}
  {{ return(forced is sameas true or (forced is iterable and forced is not string and name in forced)) }}
{% endmacro %}

{#- meta.dwhml.redshift: {auto, objective, max_runtime} for Redshift ML's CREATE MODEL. AUTO OFF (default)
    trains XGBoost with the given hyperparameters; AUTO ON lets SageMaker Autopilot choose (no hyperparameters). -#}
{% macro redshift_config(name, problem_type, model_type, given, hyperparameters) %}
  {#- AUTO ON names are lowercase here, spelled for Redshift by redshift_autopilot_objectives. -#}
  {%- set objectives = {
      'off': {'binary_classification': ['binary:logistic', 'binary:hinge'],
              'multiclass_classification': ['multi:softmax'],
              'regression': ['reg:squarederror', 'reg:squaredlogerror', 'reg:logistic', 'reg:pseudohubererror', 'reg:tweedie']},
      'on': {'binary_classification': ['f1', 'auc', 'accuracy'],
             'multiclass_classification': ['f1macro', 'accuracy'],
             'regression': ['mse']}} -%}
  {%- if given is not mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.redshift must be a mapping of auto, objective, max_runtime") }}
  {%- endif -%}
  {%- for key in given if key not in ['auto', 'objective', 'max_runtime'] -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': unknown key '" ~ key ~ "' in meta.dwhml.redshift (allowed: auto, objective, max_runtime)") }}
  {%- endfor -%}
  {%- set auto = given.get('auto', false) -%}
  {%- if auto is not sameas true and auto is not sameas false -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.redshift.auto must be true or false") }}
  {%- endif -%}
  {%- set max_runtime = given.get('max_runtime', var('dwhml_redshift_max_runtime', 5400)) -%}
  {%- if max_runtime is not number or max_runtime < 1 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.redshift.max_runtime must be a number of seconds >= 1") }}
  {%- endif -%}
  {%- if problem_type == 'topic_model' -%}
    {#- Redshift ML's KMEANS trains with AUTO OFF and no objective. -#}
    {%- if auto or given.get('objective') is not none -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': a topic_model takes only meta.dwhml.redshift.max_runtime") }}
    {%- endif -%}
    {{ return({'auto': false, 'objective': none, 'max_runtime': max_runtime | int}) }}
  {%- endif -%}
  {%- set mode = 'on' if auto else 'off' -%}
  {%- set objective = given.get('objective', objectives[mode][problem_type][0]) -%}
  {%- if objective is not string or objective | lower not in objectives[mode][problem_type] -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.redshift.objective '" ~ objective ~ "' is not one of " ~ objectives[mode][problem_type] | join(', ') ~ " (AUTO " ~ mode | upper ~ ", " ~ problem_type ~ ")") }}
  {%- endif -%}
  {%- if auto and hyperparameters -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': meta.dwhml.hyperparameters cannot be used with meta.dwhml.redshift.auto (Autopilot chooses them)") }}
  {%- endif -%}
  {{ return({'auto': auto, 'objective': objective, 'max_runtime': max_runtime | int}) }}
{% endmacro %}

{#- meta.dwhml.bigquery: {model_type} for BigQuery ML: boosted_tree (default) or, for classification,
    logistic_reg. Tuning is meta.dwhml.tuning, the same spelling on every target (tuning_config). -#}
{% macro bigquery_config(name, problem_type, given) %}
  {%- if problem_type == 'topic_model' -%}
    {{ return({'model_type': none}) }}
  {%- endif -%}
  {%- set where = "model '" ~ name ~ "': meta.dwhml.bigquery" -%}
  {%- if given is not mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: " ~ where ~ " must be a mapping") }}
  {%- endif -%}
  {%- for key in given if key != 'model_type' -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': unknown key '" ~ key ~ "' in meta.dwhml.bigquery (allowed: model_type"
        ~ ("; tuning is meta.dwhml.tuning: trials, parallel_trials, objective, parameters" if key in ['num_trials', 'max_parallel_trials', 'objective', 'ranges', 'candidates'] else "") ~ ")") }}
  {%- endfor -%}
  {%- set model_type = given.get('model_type', 'boosted_tree') -%}
  {%- if model_type not in ['boosted_tree', 'logistic_reg'] or (model_type == 'logistic_reg' and problem_type == 'regression') -%}
    {{ exceptions.raise_compiler_error("dwhml: " ~ where ~ ".model_type must be boosted_tree or (for classification) logistic_reg, got " ~ model_type) }}
  {%- endif -%}
  {{ return({'model_type': model_type}) }}
{% endmacro %}

{#- meta.dwhml.tuning: {trials, parallel_trials, objective, validation, parameters} — the hyperparameters a
    version is tuned over, on every target (docs/tuning.md, decision 0017). parameters: {name: {range: [low,
    high], log: true|false} or {candidates: [values]}}, names and values checked like meta.dwhml.hyperparameters;
    objective: a quality-gate metric of the problem type (default the gate's); validation: {fraction: f} or
    {folds: K} of the training rows (DuckDB; by default a fifth, tuning_validation), not given on BigQuery
    (BigQuery ML splits them itself). Returns none when the model is not tuned. -#}
{% macro tuning_config(name, problem_type, model_type, given, hyperparameters, redshift_auto) %}
  {%- if given is none -%}{{ return(none) }}{%- endif -%}
  {%- set where = "dwhml: model '" ~ name ~ "': meta.dwhml.tuning" -%}
  {%- set allowed = ['trials', 'parallel_trials', 'objective', 'validation', 'parameters'] -%}
  {%- if given is not mapping -%}
    {{ exceptions.raise_compiler_error(where ~ " must be a mapping of " ~ allowed | join(', ')) }}
  {%- endif -%}
  {%- for key in given if key not in allowed -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': unknown key '" ~ key ~ "' in meta.dwhml.tuning (allowed: " ~ allowed | join(', ') ~ ")") }}
  {%- endfor -%}
  {%- set tuned = dwhml.tuned_model_types() -%}
  {%- if model_type not in tuned -%}
    {{ exceptions.raise_compiler_error(where ~ " tunes model_type " ~ tuned[:-1] | join(', ') ~ " or " ~ tuned[-1] ~ ", not " ~ model_type) }}
  {%- endif -%}
  {%- if redshift_auto -%}
    {{ exceptions.raise_compiler_error(where ~ " cannot be used with meta.dwhml.redshift.auto (Autopilot tunes by itself)") }}
  {%- endif -%}
  {%- for key in ['trials', 'parallel_trials'] if key in given and (given[key] is not number or given[key] is sameas true or given[key] is sameas false or given[key] != given[key] | int or given[key] < 1) -%}
    {{ exceptions.raise_compiler_error(where ~ "." ~ key ~ " must be an integer >= 1") }}
  {%- endfor -%}
  {%- if 'trials' not in given or given.trials < 2 -%}
    {{ exceptions.raise_compiler_error(where ~ ".trials must be given, an integer >= 2 (one trial tunes nothing)") }}
  {%- endif -%}
  {%- set parallel = given.get('parallel_trials', 1) | int -%}
  {%- if parallel > given.trials -%}
    {{ exceptions.raise_compiler_error(where ~ ".parallel_trials (" ~ parallel ~ ") must not exceed trials (" ~ given.trials ~ ")") }}
  {%- endif -%}
  {%- set gate = dwhml.quality_gate_config(name, problem_type, {}, none) -%}
  {%- set metrics = dwhml.model_metrics_by_problem()[problem_type] -%}
  {%- set objective = given.get('objective', gate.metric) -%}
  {%- if objective not in metrics -%}
    {{ exceptions.raise_compiler_error(where ~ ".objective '" ~ objective ~ "' is not one of " ~ metrics | join(', ')) }}
  {%- endif -%}
  {#- none: the engine's own (DuckDB: tuning_validation's fifth; BigQuery ML: its AUTO_SPLIT). -#}
  {%- set validation = given.get('validation') -%}
  {%- if validation is not none and (validation is not mapping or validation | length != 1 or (validation.keys() | first) not in ['fraction', 'folds']) -%}
    {{ exceptions.raise_compiler_error(where ~ ".validation must be {fraction: <0..1>} or {folds: <K>}") }}
  {%- endif -%}
  {%- if validation is not none and 'fraction' in validation and (validation.fraction is not number or validation.fraction <= 0 or validation.fraction >= 1) -%}
    {{ exceptions.raise_compiler_error(where ~ ".validation.fraction must be a number between 0 and 1 (exclusive)") }}
  {%- endif -%}
  {%- if validation is not none and 'folds' in validation and (validation.folds is not integer or validation.folds < 2) -%}
    {{ exceptions.raise_compiler_error(where ~ ".validation.folds must be an integer >= 2") }}
  {%- endif -%}
  {%- set parameters = given.get('parameters') -%}
  {%- if parameters is not mapping or not parameters -%}
    {{ exceptions.raise_compiler_error(where ~ ".parameters must be a mapping of hyperparameter names to {range: [low, high]} or {candidates: [...]}") }}
  {%- endif -%}
  {%- set defaults = dwhml.hyperparameter_defaults()[model_type] -%}
  {%- set spaces = {} -%}
  {%- for key, space in parameters | dictsort -%}
    {%- set at = where ~ ".parameters." ~ key -%}
    {%- if key not in defaults -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': unknown hyperparameter '" ~ key ~ "' in meta.dwhml.tuning.parameters for model_type '" ~ model_type ~ "' (known: " ~ defaults.keys() | sort | join(', ') ~ ")") }}
    {%- endif -%}
    {%- if key in hyperparameters -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': " ~ key ~ " is both fixed in meta.dwhml.hyperparameters and tuned in meta.dwhml.tuning.parameters") }}
    {%- endif -%}
    {%- if space is not mapping or (space.keys() | list | sort) not in [['range'], ['log', 'range'], ['candidates']] -%}
      {{ exceptions.raise_compiler_error(at ~ " must be {range: [low, high]} (with log: true or false) or {candidates: [values]}") }}
    {%- endif -%}
    {%- if 'range' in space -%}
      {%- set bounds = space.range -%}
      {%- if bounds is string or bounds is not iterable or bounds | length != 2 or bounds | reject('number') | list or bounds[0] >= bounds[1] -%}
        {{ exceptions.raise_compiler_error(at ~ ".range must be [low, high] with low < high") }}
      {%- endif -%}
      {%- if defaults[key] is string -%}
        {{ exceptions.raise_compiler_error(at ~ " takes one of a few words: give candidates, not a range") }}
      {%- endif -%}
      {%- if 'log' in space and space.log is not sameas true and space.log is not sameas false -%}
        {{ exceptions.raise_compiler_error(at ~ ".log must be true or false") }}
      {%- endif -%}
      {%- if space.get('log') and bounds[0] <= 0 -%}
        {{ exceptions.raise_compiler_error(at ~ ": a log-scale range needs low > 0") }}
      {%- endif -%}
      {#- Each bound is a value the model could be given: its type and allowed range. -#}
      {%- do dwhml.check_hyperparameters(name, model_type, {key: bounds[0]}) -%}
      {%- do dwhml.check_hyperparameters(name, model_type, {key: bounds[1]}) -%}
      {%- do spaces.update({key: {'range': [bounds[0], bounds[1]], 'log': space.get('log', false)}}) -%}
    {%- else -%}
      {%- if space.candidates is string or space.candidates is not iterable or space.candidates | length < 2 -%}
        {{ exceptions.raise_compiler_error(at ~ ".candidates must be a list of at least two values") }}
      {%- endif -%}
      {%- for value in space.candidates -%}
        {%- do dwhml.check_hyperparameters(name, model_type, {key: value}) -%}
      {%- endfor -%}
      {%- do spaces.update({key: {'candidates': space.candidates | list}}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return({'trials': given.trials | int, 'parallel_trials': parallel, 'objective': objective,
             'validation': validation, 'parameters': spaces}) }}
{% endmacro %}

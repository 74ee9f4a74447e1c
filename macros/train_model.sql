{#- Train the model from its SELECT; return the version's metadata as a dict. -#}
{% macro train_model(cfg, sql) %}
  {{ return(adapter.dispatch('train_model', 'dwhml')(cfg, sql)) }}
{% endmacro %}

{% macro default__train_model(cfg, sql) %}
  {{ exceptions.raise_compiler_error("dwhml.train_model is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: the version comes from the training rows' fingerprint and the config (version_identity, as on
    the warehouses); a version whose artifact is in the model store is reused without exporting anything.
    Otherwise the SELECT is exported to Parquet and the plugin's dwhml_train UDF trains that version. -#}
{% macro duckdb__train_model(cfg, sql) %}
  {%- set store = var('dwhml_model_store', env_var('DWHML_MODEL_STORE', 'model_store')) -%}
  {%- set lit = dwhml.string_literal -%}
  {%- set train_cfg = {'target': cfg.target, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type,
                       'hyperparameters': cfg.hyperparameters, 'positive_class': cfg.positive_class,
                       'function': cfg.function, 'feature_relation': cfg.feature_relation, 'force': cfg.force,
                       'data_split_column': cfg.data_split_column} -%}
  {%- if cfg.model_type == 'blend' -%}
    {#- The blend's version pins its components' current versions. -#}
    {%- do train_cfg.update({'components': dwhml.blend_components(cfg)}) -%}
  {%- endif -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set scan = run_query(dwhml.duckdb_fingerprint_sql(sql, columns)).rows[0] -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': cfg.hyperparameters,
        'features': columns | map(attribute='name') | reject('equalto', cfg.target) | list, 'rows': scan[0] | int,
        'fingerprint': scan[1] | string, 'components': train_cfg.get('components')}) -%}
  {%- set version = dwhml.version_for_identity(cfg, identity) -%}
  {%- set recorded = run_query("select dwhml_trained_meta(" ~ lit(store) ~ ", " ~ lit(cfg.name) ~ ", " ~ lit(version) ~ ")").rows[0][0] -%}
  {%- if recorded is not none -%}
    {%- set trained = fromjson(recorded) -%}
    {%- do trained.update({'reused': true}) -%}
  {%- else -%}
    {%- set export_path = run_query("select dwhml_export_path(" ~ lit(cfg.name) ~ ", " ~ lit(store) ~ ", "
          ~ lit(invocation_id) ~ ")").rows[0][0] -%}
    {%- do run_query("copy (" ~ sql ~ ") to " ~ lit(export_path) ~ " (format parquet)") -%}
    {%- if cfg.tuning -%}
      {%- set tuning = dict(cfg.tuning) -%}
      {%- do tuning.update({'validation': dwhml.tuning_validation(cfg.tuning)}) -%}
      {%- do train_cfg.update({'tuning': tuning}) -%}
    {%- endif -%}
    {#- dbt builds target.threads models side by side: the training takes its share of the cores. -#}
    {%- do train_cfg.update({'version': version, 'parallel_models': target.threads}) -%}
    {%- do dwhml.log_tuning_budget(cfg) -%}
    {%- set result = run_query("select dwhml_train(" ~ lit(cfg.name) ~ ", " ~ lit(tojson(train_cfg)) ~ ", "
          ~ lit(export_path) ~ ", " ~ lit(store) ~ ")") -%}
    {%- set trained = fromjson(result.rows[0][0]) -%}
  {%- endif -%}
  {%- if trained.reused -%}
    {%- do dwhml.log_unchanged(cfg, trained.model_version) -%}
  {%- else -%}
    {%- do dwhml.log_tuning_result(cfg, trained) -%}
    {{ log("dwhml: " ~ cfg.name ~ " trained version " ~ trained.model_version ~ " on " ~ trained.training_rows ~ " rows in " ~ trained.train_seconds ~ "s", info=True) }}
  {%- endif -%}
  {{ return(trained) }}
{% endmacro %}

{#- Redshift ML: CREATE MODEL (asynchronous: it returns once the training data is in S3) under a
    versioned name, or attach to the version already training or trained. Returns the version with
    ready = false while SageMaker still trains it; the materialization then records it and stops
    (docs/decisions/0009). -#}
{% macro redshift__train_model(cfg, sql) %}
  {%- if cfg.model_type == 'kmeans' -%}
    {{ return(dwhml.train_kmeans(cfg, sql)) }}
  {%- endif -%}
  {%- if dwhml.scored_by_join(cfg.model_type) or cfg.model_type == 'lda' -%}
    {{ return(dwhml.train_on_the_client(cfg, sql)) }}
  {%- endif -%}
  {%- if cfg.model_type == 'blend' -%}
    {{ return(dwhml.train_blend(cfg, sql)) }}
  {%- endif -%}
  {%- if cfg.tuning -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.tuning: Redshift ML trains XGBoost with AUTO OFF on the hyperparameters given, without tuning; meta.dwhml.redshift.auto true lets SageMaker Autopilot choose them instead (decision 0017)") }}
  {%- endif -%}
  {%- if cfg.model_type != 'xgboost' -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': model_type " ~ cfg.model_type ~ " is not trained on Redshift; use model_type xgboost (CREATE MODEL), sparse_linear, bow_linear_svc or blend, see docs/redshift.md") }}
  {%- endif -%}
  {%- set settings = dwhml.redshift_settings() -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set scan = run_query(dwhml.redshift_fingerprint_sql(sql, columns)).rows[0] -%}
  {%- set row_count = scan[0] | int -%}
  {%- set limits = dwhml.redshift_training_limits(cfg, columns, row_count) -%}
  {%- set classes = dwhml.training_classes(cfg, sql) -%}
  {%- set hyperparameters = dict(cfg.hyperparameters) -%}
  {%- do hyperparameters.update({'redshift': {'auto': cfg.redshift.auto, 'objective': cfg.redshift.objective,
                                              'max_runtime': cfg.redshift.max_runtime, 'label_encoded': classes is not none and not cfg.redshift.auto,
                                              'feature_types': limits.features | map(attribute='type') | map('lower') | list,
                                              'target_type': (columns | selectattr('name', 'equalto', cfg.target) | first).type | lower}}) -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': hyperparameters, 'features': limits.features | map(attribute='name') | list,
        'rows': row_count, 'fingerprint': scan[1] | string}) -%}
  {%- set version = dwhml.version_for_identity(cfg, identity) -%}
  {%- set model_schema = dwhml.redshift_model_schema() -%}
  {%- set names = dwhml.redshift_version_names(cfg, model_schema, version) -%}
  {%- set spec = {'model': names.model_relation, 'function': names.function, 'target': cfg.target,
                  'training_sql': dwhml.redshift_training_select(cfg, sql, limits.features, classes),
                  'iam_role': settings.iam_role, 's3_bucket': settings.s3_bucket, 'auto': cfg.redshift.auto,
                  'problem_type': cfg.problem_type, 'objective': cfg.redshift.objective,
                  'hyperparameters': cfg.hyperparameters, 'max_cells': limits.max_cells, 'max_runtime': cfg.redshift.max_runtime,
                  'num_class': classes | length if cfg.problem_type == 'multiclass_classification' and not cfg.redshift.auto else none} -%}
  {%- set state = dwhml.redshift_submit_or_attach(cfg, model_schema, names, version, spec, row_count) -%}
  {{ return({'model_name': cfg.name, 'model_version': version, 'trained_at': modules.datetime.datetime.utcnow().isoformat(),
             'target': cfg.target, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type,
             'hyperparameters': hyperparameters, 'training_rows': row_count,
             'features': limits.features | map(attribute='name') | list,
             'classes': classes, 'artifact_location': 'redshift-ml://' ~ model_schema ~ '.' ~ names.model,
             'model_schema': model_schema, 'model_identifier': names.model,
             'function_name': names.function, 'forced': cfg.force, 'reused': state is not none,
             'ready': state == 'Model is Ready', 'state': state}) }}
{% endmacro %}

{#- Submit a Redshift ML version's CREATE MODEL (spec: create_model_sql's) unless Redshift has it already: a
    version training or trained is attached to, a failed one stops the run saying how to retrain. Returns the
    model's state (STV_ML_MODEL_INFO). -#}
{% macro redshift_submit_or_attach(cfg, model_schema, names, version, spec, row_count) %}
  {%- set state = dwhml.redshift_model_state(model_schema, names.model) -%}
  {%- if state is none -%}
    {#- The models' schema exists: the run's on-run-start hook created it (models_schema_sql). -#}
    {%- do run_query(dwhml.create_model_sql(spec)) -%}
    {{ log("dwhml: " ~ cfg.name ~ ": CREATE MODEL " ~ names.model_relation ~ " submitted (" ~ row_count ~ " rows, MAX_CELLS " ~ spec.max_cells ~ ")", info=True) }}
    {%- set state = dwhml.redshift_model_state(model_schema, names.model) -%}
  {%- elif 'fail' in state | lower -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': Redshift ML model " ~ names.model_relation ~ " failed: '" ~ state ~ "' (SHOW MODEL " ~ names.model_relation ~ " says why); retrain with --vars '{dwhml_force_retrain: [" ~ cfg.name ~ "]}'") }}
  {%- else -%}
    {{ log("dwhml: " ~ cfg.name ~ ": version " ~ version ~ " exists in Redshift ML ('" ~ state ~ "'): attached, not trained again", info=True) }}
  {%- endif -%}
  {{ return(state) }}
{% endmacro %}

{#- The version for a training identity (warehouses that train under versioned names): 'v' + identity;
    a forced retrain adds the invocation, and the next unforced run reuses the newest recorded version
    of the same identity. -#}
{% macro version_for_identity(cfg, identity) %}
  {%- if cfg.force -%}
    {{ return('v' ~ identity ~ 'r' ~ invocation_id.replace('-', '')[:8]) }}
  {%- endif -%}
  {%- set registry = dwhml.model_registry_relation() -%}
  {%- if load_relation(registry) is not none -%}
    {%- set result = run_query(dwhml.registry_version_sql(registry, cfg.name, identity)) -%}
    {%- if result.rows -%}{{ return(result.rows[0][0]) }}{%- endif -%}
  {%- endif -%}
  {{ return('v' ~ identity) }}
{% endmacro %}

{#- BigQuery ML: CREATE MODEL IF NOT EXISTS under a versioned name. The statement waits for training
    (BigQuery's query job ends when the model is trained), so the version is ready when it returns; a
    failure creates nothing and leaves the current version as it was (docs/decisions/0010). -#}
{% macro bigquery__train_model(cfg, sql) %}
  {%- if cfg.model_type == 'kmeans' -%}
    {{ return(dwhml.train_kmeans(cfg, sql)) }}
  {%- endif -%}
  {%- if dwhml.scored_by_join(cfg.model_type) or cfg.model_type == 'lda' -%}
    {{ return(dwhml.train_on_the_client(cfg, sql)) }}
  {%- endif -%}
  {%- if cfg.model_type == 'blend' -%}
    {{ return(dwhml.train_blend(cfg, sql)) }}
  {%- endif -%}
  {%- if cfg.model_type != 'xgboost' -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': model_type " ~ cfg.model_type ~ " is not trained on BigQuery; use model_type xgboost (boosted trees, or meta.dwhml.bigquery.model_type logistic_reg), sparse_linear, bow_linear_svc or blend, see docs/bigquery.md") }}
  {%- endif -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set features = columns | rejectattr('name', 'equalto', cfg.target) | list -%}
  {%- set scan = run_query(dwhml.bigquery_fingerprint_sql(sql)).rows[0] -%}
  {%- set row_count = scan[0] | int -%}
  {%- set classes = dwhml.training_classes(cfg, sql) -%}
  {%- set hyperparameters = dict(cfg.hyperparameters) -%}
  {%- do hyperparameters.update({'bigquery': {'model_type': cfg.bigquery.model_type, 'num_trials': cfg.tuning.trials if cfg.tuning else 1}}) -%}
  {%- if cfg.tuning and cfg.tuning.validation is not none -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.tuning.validation is not used on BigQuery: BigQuery ML splits the training rows for its trials itself (DATA_SPLIT_METHOD AUTO_SPLIT); leave it out") }}
  {%- endif -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': hyperparameters, 'features': features | map(attribute='name') | list,
        'rows': row_count, 'fingerprint': scan[1] | string}) -%}
  {%- set version = dwhml.version_for_identity(cfg, identity) -%}
  {%- set relation = dwhml.bigquery_version_relation(cfg, version) -%}
  {%- set started = modules.datetime.datetime.utcnow() -%}
  {%- set reused = dwhml.version_recorded(cfg.name, version) -%}
  {%- if reused -%}
    {%- do dwhml.log_unchanged(cfg, version) -%}
  {%- else -%}
    {%- do dwhml.log_tuning_budget(cfg, "BigQuery ML's own split") -%}
    {%- do run_query(dwhml.create_model_sql(dwhml.bigquery_create_model_spec(cfg, relation, sql))) -%}
    {{ log("dwhml: " ~ cfg.name ~ " trained version " ~ version ~ " as " ~ relation ~ " on " ~ row_count ~ " rows", info=True) }}
  {%- endif -%}
  {%- set trained = {'model_name': cfg.name, 'model_version': version, 'trained_at': started.isoformat(),
             'target': cfg.target, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type,
             'hyperparameters': hyperparameters, 'training_rows': row_count,
             'features': features | map(attribute='name') | list, 'classes': classes,
             'artifact_location': 'bigquery-ml://' ~ relation.database ~ '.' ~ relation.schema ~ '.' ~ relation.identifier,
             'model_database': relation.database, 'model_schema': relation.schema, 'model_identifier': relation.identifier,
             'function_name': none, 'forced': cfg.force, 'reused': reused, 'ready': true} -%}
  {%- if cfg.tuning -%}
    {#- The trials BigQuery ML ran, and the version's hyperparameters as the optimal trial's (what the version
        serves with, recorded in the registry as on DuckDB). -#}
    {%- set tuning = dwhml.bigquery_read_trials(cfg, trained) -%}
    {%- set recorded = dict(hyperparameters) -%}
    {%- do recorded.update(tuning.chosen_parameters) -%}
    {%- do trained.update({'hyperparameters': recorded, 'tuning': tuning}) -%}
    {%- if not reused -%}{%- do dwhml.log_tuning_result(cfg, trained) -%}{%- endif -%}
  {%- endif -%}
  {{ return(trained) }}
{% endmacro %}

{#- Whether a version was trained and gated before (recorded promoted or not_promoted). -#}
{% macro version_recorded(model_name, version) %}
  {%- set registry = dwhml.model_registry_relation() -%}
  {%- if load_relation(registry) is none -%}{{ return(false) }}{%- endif -%}
  {%- set result = run_query(dwhml.registry_recorded_sql(registry, model_name, version)) -%}
  {{ return(result.rows[0][0] > 0) }}
{% endmacro %}

{#- The sorted classes of a classification model's training SELECT (none for regression); a binary
    model needs exactly two, a multiclass one at least two. -#}
{% macro training_classes(cfg, sql) %}
  {%- if cfg.problem_type in ['regression', 'topic_model'] -%}{{ return(none) }}{%- endif -%}
  {%- set classes = [] -%}
  {%- for value in run_query(dwhml.training_classes_sql(cfg.target, sql)).columns[0].values() -%}
    {%- do classes.append(value | int if value is number else value) -%}
  {%- endfor -%}
  {%- if (cfg.problem_type == 'binary_classification' and classes | length != 2) or classes | length < 2 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': " ~ cfg.problem_type ~ " needs " ~ ('exactly 2' if cfg.problem_type == 'binary_classification' else 'at least 2') ~ " classes in '" ~ cfg.target ~ "', found " ~ classes | length) }}
  {%- endif -%}
  {#- meta.dwhml.positive_class: the class a binary model scores the probability of, last (as the DuckDB plugin orders
      them); by default the larger value. -#}
  {%- if cfg.positive_class is not none and cfg.problem_type == 'binary_classification' -%}
    {%- if cfg.positive_class not in classes -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.positive_class " ~ cfg.positive_class ~ " is not a value of '" ~ cfg.target ~ "' (values: " ~ classes | join(', ') ~ ")") }}
    {%- endif -%}
    {%- set classes = classes | reject('equalto', cfg.positive_class) | list + [cfg.positive_class] -%}
  {%- endif -%}
  {{ return(classes) }}
{% endmacro %}

{#- The registry look-ups and the classes scan above, as pure SQL builders (golden-tested per warehouse). -#}
{% macro registry_version_sql(registry, model_name, identity) -%}
select r.model_version
from {{ registry }} as r
where r.model_name = {{ dwhml.string_literal(model_name) }}
    and r.model_version like {{ dwhml.string_literal('v' ~ identity ~ '%') }}
order by r.recorded_at desc
limit 1
{%- endmacro %}

{% macro registry_recorded_sql(registry, model_name, version) -%}
select count(*) as recorded
from {{ registry }} as r
where r.model_name = {{ dwhml.string_literal(model_name) }}
    and r.model_version = {{ dwhml.string_literal(version) }}
    and r.status in ('promoted', 'not_promoted')
{%- endmacro %}

{% macro training_classes_sql(target_column, sql) -%}
{%- set q = dwhml.quote_identifier(target_column) -%}
select distinct t.{{ q }}
from (
{{ sql }}
) as t
where t.{{ q }} is not null
order by 1
{%- endmacro %}

{#- The cost guardrail of a tuned model: its trial budget in the build log before any trial starts; `split`
    says which rows score the trials (none: dwhml's validation split of meta.dwhml.tuning). -#}
{% macro log_tuning_budget(cfg, split=none) %}
  {%- if cfg.tuning -%}
    {%- set validation = dwhml.tuning_validation(cfg.tuning) -%}
    {%- set split = split or ('a ' ~ ((validation.folds ~ '-fold split') if 'folds' in validation else ((validation.fraction * 100) | round(1) ~ '% validation split'))) -%}
    {{ log("dwhml: " ~ cfg.name ~ ": tuning " ~ cfg.model_type ~ " with " ~ cfg.tuning.trials ~ " trials (" ~ cfg.tuning.parallel_trials
        ~ " at a time) over " ~ cfg.tuning.parameters.keys() | join(', ') ~ ", objective " ~ cfg.tuning.objective ~ " on "
        ~ split ~ " of the training rows (never the test rows)", info=True) }}
  {%- endif -%}
{% endmacro %}

{#- What tuning chose: the best trial and its parameters. -#}
{% macro log_tuning_result(cfg, trained) %}
  {%- set tuning = trained.get('tuning') or {} -%}
  {%- set chosen = (tuning.get('trials') or []) | selectattr('chosen') | list -%}
  {%- if chosen -%}
    {%- set counts = {} -%}
    {%- for trial in tuning.trials -%}{%- do counts.update({trial.status: counts.get(trial.status, 0) + 1}) -%}{%- endfor -%}
    {{ log("dwhml: " ~ cfg.name ~ ": tuned: trial " ~ chosen[0].trial ~ " of " ~ tuning.trials | length ~ " chosen ("
         ~ tuning.objective ~ " " ~ ('%.4f' | format(chosen[0].objective) if chosen[0].objective is number else 'unknown') ~ ", " ~ tojson(chosen[0].parameters, sort_keys=true) ~ "); "
        ~ counts | dictsort | map('join', ' ') | join(', ') ~ ((", " ~ tuning.seconds ~ " s") if tuning.get('seconds') else ""), info=True) }}
  {%- endif -%}
{% endmacro %}

{#- A version trained before is not trained (nor tuned) again: said, with how to force it. -#}
{% macro log_unchanged(cfg, version) %}
  {{ log("dwhml: " ~ cfg.name ~ " unchanged (version " ~ version ~ "): " ~ ("tuning and " if cfg.tuning else "") ~ "training skipped (--vars '{dwhml_force_retrain: [" ~ cfg.name ~ "]}' forces it)", info=True) }}
{% endmacro %}

{#- k-means on a warehouse by the warehouse's own k-means (Redshift ML MODEL_TYPE KMEANS, BigQuery ML KMEANS) on
    the SELECT's numeric columns (not id, not the data_split_column), under a versioned name like every
    warehouse model. Once the service has trained it, kmeans_version_tables reads its centroids back into
    <model>__<version>__centroids (numbered by size, as on DuckDB) and measures it in SQL, so new texts are
    assigned by the same nearest-centroid join on every target (decision 0015). Returns the version as
    train_model does. -#}
{% macro train_kmeans(cfg, sql) %}
  {{ return(adapter.dispatch('train_kmeans', 'dwhml')(cfg, sql)) }}
{% endmacro %}

{% macro default__train_kmeans(cfg, sql) %}
  {{ exceptions.raise_compiler_error("dwhml.train_kmeans is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- Redshift ML: asynchronous like its XGBoost models (submit, `dwhml wait-models`, attach). -#}
{% macro redshift__train_kmeans(cfg, sql) %}
  {%- set settings = dwhml.redshift_settings() -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set scan = run_query(dwhml.redshift_fingerprint_sql(sql, columns)).rows[0] -%}
  {%- set row_count = scan[0] | int -%}
  {%- set limits = dwhml.redshift_training_limits(cfg, dwhml.kmeans_features(cfg, columns), row_count) -%}
  {%- set features = limits.features | map(attribute='name') | list -%}
  {%- set hyperparameters = dict(cfg.hyperparameters, redshift={'max_runtime': cfg.redshift.max_runtime}) -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': hyperparameters, 'features': features,
        'rows': row_count, 'fingerprint': scan[1] | string}) -%}
  {%- set version = dwhml.version_for_identity(cfg, identity) -%}
  {%- set model_schema = dwhml.redshift_model_schema() -%}
  {%- set names = dwhml.redshift_version_names(cfg, model_schema, version) -%}
  {%- set spec = {'model_type': 'kmeans', 'model': names.model_relation, 'function': names.function, 'features': features,
                  'training_sql': dwhml.kmeans_training_select(features, sql, with_id=false),
                  'iam_role': settings.iam_role, 's3_bucket': settings.s3_bucket, 'hyperparameters': cfg.hyperparameters,
                  'max_cells': limits.max_cells, 'max_runtime': cfg.redshift.max_runtime} -%}
  {%- set state = dwhml.redshift_submit_or_attach(cfg, model_schema, names, version, spec, row_count) -%}
  {%- set trained = {'model_name': cfg.name, 'model_version': version, 'trained_at': modules.datetime.datetime.utcnow().isoformat(),
        'target': none, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type, 'hyperparameters': hyperparameters,
        'training_rows': row_count, 'features': features, 'classes': none,
        'artifact_location': 'redshift-ml://' ~ model_schema ~ '.' ~ names.model, 'model_database': none,
        'model_schema': model_schema, 'model_identifier': names.model, 'function_name': names.function,
        'forced': cfg.force, 'reused': state is not none, 'ready': state == 'Model is Ready', 'state': state} -%}
  {%- if trained.ready -%}
    {%- do trained.update(dwhml.kmeans_version_tables(cfg, trained, sql)) -%}
  {%- endif -%}
  {{ return(trained) }}
{% endmacro %}

{#- BigQuery ML: the statement waits for training, so the version is ready when it returns. -#}
{% macro bigquery__train_kmeans(cfg, sql) %}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set features = dwhml.kmeans_features(cfg, columns) | map(attribute='name') | list -%}
  {%- set scan = run_query(dwhml.bigquery_fingerprint_sql(sql)).rows[0] -%}
  {%- set row_count = scan[0] | int -%}
  {%- set hp = cfg.hyperparameters -%}
  {%- set identity = dwhml.version_identity(cfg, {'hyperparameters': hp, 'features': features,
        'rows': row_count, 'fingerprint': scan[1] | string}) -%}
  {%- set version = dwhml.version_for_identity(cfg, identity) -%}
  {%- set relation = dwhml.bigquery_version_relation(cfg, version) -%}
  {%- set started = modules.datetime.datetime.utcnow() -%}
  {%- set reused = dwhml.version_recorded(cfg.name, version) -%}
  {%- if not reused -%}
    {#- n_init and seed have no BigQuery ML option (one k-means++ initialisation, its own randomness). -#}
    {%- do run_query(dwhml.create_model_sql({'model': relation, 'model_type': 'kmeans', 'num_trials': 1,
          'options': [('num_clusters', hp.num_clusters), ('kmeans_init_method', 'KMEANS++'),
                      ('standardize_features', false), ('max_iterations', hp.max_iter)],
          'training_sql': dwhml.kmeans_training_select(features, sql, with_id=false)})) -%}
    {{ log("dwhml: " ~ cfg.name ~ " trained version " ~ version ~ " as " ~ relation ~ " on " ~ row_count ~ " rows", info=True) }}
  {%- endif -%}
  {%- set trained = {'model_name': cfg.name, 'model_version': version, 'trained_at': started.isoformat(),
        'target': none, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type, 'hyperparameters': hp,
        'training_rows': row_count, 'features': features, 'classes': none,
        'artifact_location': 'bigquery-ml://' ~ relation.database ~ '.' ~ relation.schema ~ '.' ~ relation.identifier,
        'model_database': relation.database, 'model_schema': relation.schema, 'model_identifier': relation.identifier,
        'function_name': none, 'forced': cfg.force, 'reused': reused, 'ready': true} -%}
  {%- do trained.update(dwhml.kmeans_version_tables(cfg, trained, sql)) -%}
  {{ return(trained) }}
{% endmacro %}

{#- The k-means features of a topic model's SELECT: every column but id and the data_split_column. -#}
{% macro kmeans_features(cfg, columns) %}
  {{ return(columns | rejectattr('name', 'equalto', 'id') | rejectattr('name', 'equalto', cfg.data_split_column) | list) }}
{% endmacro %}

{#- The training rows as the service trains on them (features only) or as dwhml assigns them (id first). -#}
{% macro kmeans_training_select(features, sql, with_id=true) -%}
{%- set q = dwhml.quote_identifier -%}
select
    {% if with_id %}t.id,
    {% endif %}{% for feature in features %}t.{{ q(feature) }}{{ ",\n    " if not loop.last }}{% endfor %}
from (
{{ sql }}
) as t
{%- endmacro %}

{#- A trained warehouse k-means version's centroid table (created once) and, until the version is recorded,
    its measures: {'tables': ..., 'metrics': ...} for the materialization. Silhouette on ~2,000 training rows
    (the hash sample kmeans_measures_sql defines). -#}
{% macro kmeans_version_tables(cfg, trained, sql) %}
  {%- set info = {'model_version': trained.model_version, 'features': trained.features} -%}
  {%- set training = '(\n' ~ dwhml.kmeans_training_select(trained.features, sql) ~ '\n)' -%}
  {%- set identifier = trained.model_identifier ~ '__centroids' -%}
  {%- set centroids = dwhml.client_fit_table(trained, identifier) -%}
  {%- if adapter.get_relation(database=trained.model_database or target.database, schema=trained.model_schema, identifier=identifier) is none -%}
    {%- do run_query(dwhml.kmeans_centroid_table_sql(centroids, trained, training)) -%}
  {%- endif -%}
  {%- if dwhml.version_recorded(cfg.name, trained.model_version) -%}
    {{ return({'tables': {'centroids': centroids}}) }}
  {%- endif -%}
  {%- set buckets = [1, (trained.training_rows / 2000) | round(0, 'ceil') | int] | max -%}
  {%- set row = run_query(dwhml.kmeans_measures_sql(info, training, centroids, buckets,
        dwhml.service_clusters_sql(trained, training))).rows[0] -%}
  {%- set clusters = run_query("select count(*) from " ~ centroids).rows[0][0] | int -%}
  {%- set metrics = {'clusters': clusters, 'texts_train': row[3] | int, 'silhouette_sample': row[2] | int} -%}
  {%- for name, value in [('mean_squared_distance', row[0]), ('silhouette', row[1]), ('service_agreement', row[4])] if value is not none -%}
    {%- do metrics.update({name: value | float}) -%}
  {%- endfor -%}
  {{ log("dwhml: " ~ cfg.name ~ ": version " ~ trained.model_version ~ ": " ~ clusters ~ " clusters, silhouette " ~ metrics.get('silhouette') ~ ", the SQL join agrees with the service's assignment on " ~ metrics.get('service_agreement') ~ " of the training rows", info=True) }}
  {{ return({'tables': {'centroids': centroids}, 'metrics': metrics}) }}
{% endmacro %}

{#- The statement that keeps a warehouse k-means version's centroid table (CREATE TABLE AS on both warehouses). -#}
{% macro kmeans_centroid_table_sql(relation, trained, training) -%}
create table {{ relation }} as
{{ dwhml.sized_centroids_sql({'model_version': trained.model_version, 'features': trained.features}, training,
                             dwhml.service_centroids_sql(trained, training)) }}
{%- endmacro %}

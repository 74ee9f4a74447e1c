{% macro duckdb__train_model(cfg, sql) %}{{ return(dwhml.bigquery__train_model(cfg, sql)) }}{% endmacro %}

{% macro duckdb__model_info_table_sql(relation, model_name, model_version) %}
  {{ return(dwhml.bigquery__model_info_table_sql(relation, model_name, model_version)) }}
{% endmacro %}

{% macro duckdb__candidate_weight_tables(trained) %}{{ return(dwhml.bigquery__candidate_weight_tables(trained)) }}{% endmacro %}

{% macro duckdb__apply_model_grants(cfg, relation, grant_config) %}
  {{ return(dwhml.bigquery__apply_model_grants(cfg, relation, grant_config)) }}
{% endmacro %}

{% macro fake_bigquery_log(statement) %}
  {%- do run_query("insert into main.fake_bigquery_log values (" ~ dwhml.duckdb__string_literal(statement) ~ ")") -%}
{% endmacro %}

{% macro duckdb__create_model_sql(spec) %}
  {%- do bigquery_shim.fake_bigquery_log(dwhml.bigquery__create_model_sql(spec)) -%}
  {{ return("select 1") }}
{% endmacro %}

{% macro duckdb__scores_view_sql(view, select) %}{{ return(dwhml.bigquery__scores_view_sql(view, select)) }}{% endmacro %}

{#- The scores view runs on DuckDB (ML.PREDICT stood in for below); a linear model's table function and the
    opt-in model copy are logged. -#}
{% macro duckdb__create_prediction_function(cfg, trained) %}
  {%- if cfg.problem_type == 'topic_model' -%}
    {{ return(dwhml.publish_topic_model_tables(cfg, trained)) }}
  {%- endif -%}
  {%- if cfg.scores_from -%}
    {%- set view = dwhml.scores_view_sql(cfg, trained) -%}
    {%- do bigquery_shim.fake_bigquery_log(view) -%}
    {%- do run_query(view) -%}
  {%- endif -%}
  {%- if dwhml.scored_by_join(cfg.model_type) -%}
    {%- do bigquery_shim.fake_bigquery_log(dwhml.bigquery_table_function_statement(cfg, trained)) -%}
  {%- endif -%}
  {%- if var('dwhml_bigquery_stable_model', false) -%}
    {%- do bigquery_shim.fake_bigquery_log("copy " ~ trained.artifact_location ~ " to " ~ cfg.function) -%}
  {%- endif -%}
{% endmacro %}

{#- Stands in for ML.PREDICT: class 1 when the first feature is > 0. -#}
{% macro duckdb__predict(info, relation) -%}
select src.*, case when src.dim_0 > 0 then 1 else 0 end as predicted_label,
    case when src.dim_0 > 0 then 0.9 else 0.1 end as predicted_probability,
    {{ dwhml.string_literal(info.model_version) }} as model_version
from {{ relation }} as src
{%- endmacro %}

{#- A sparse_linear version fitted on the client: BigQuery's location and scan; its tables and the dataset's
    table list in DuckDB's words (no backticks, information_schema for INFORMATION_SCHEMA.TABLES). -#}
{% macro duckdb__client_fit_location() %}{{ return(dwhml.bigquery__client_fit_location()) }}{% endmacro %}

{% macro duckdb__client_fit_table(trained, name) %}{{ return('"' ~ trained.model_schema ~ '"."' ~ name ~ '"') }}{% endmacro %}

{% macro duckdb__training_fingerprint_sql(sql, columns) %}{{ return(dwhml.bigquery__training_fingerprint_sql(sql, columns)) }}{% endmacro %}

{% macro duckdb__client_fit_tables_present_sql(trained) -%}
select t.table_name from information_schema.tables as t
where t.table_schema = '{{ trained.model_schema }}'
    and t.table_name in ('{{ trained.model_identifier }}__training', '{{ trained.model_identifier }}__{{ dwhml.client_fit_parts(trained.model_type)[-1] }}')
{%- endmacro %}

{#- Topic models: BigQuery's k-means path on DuckDB. The service's statements are logged; ML.PREDICT and
    ML.CENTROIDS are stood in for by a fixed partition (the quadrant of the first two features) and its means. -#}
{% macro duckdb__train_kmeans(cfg, sql) %}{{ return(dwhml.bigquery__train_kmeans(cfg, sql)) }}{% endmacro %}

{% macro duckdb__service_clusters_sql(trained, training_relation) -%}
{%- do bigquery_shim.fake_bigquery_log(dwhml.bigquery__service_clusters_sql(trained, training_relation)) -%}
select t.id, (case when t.{{ trained.features[0] }} > 0 then 1 else 0 end) + 2 * (case when t.{{ trained.features[1] }} > 0 then 1 else 0 end) as cluster
from {{ training_relation }} as t
{%- endmacro %}

{% macro duckdb__service_centroids_sql(trained, training_relation) -%}
{%- do bigquery_shim.fake_bigquery_log(dwhml.bigquery__service_centroids_sql(trained, training_relation)) -%}
select s.cluster{% for f in trained.features %}, avg(t.{{ f }}) as {{ f }}{% endfor %}
from {{ training_relation }} as t
inner join ({{ bigquery_shim.duckdb__service_clusters_sql(trained, training_relation) }}) as s on t.id = s.id
group by s.cluster
{%- endmacro %}

{% macro duckdb__topic_part_source(trained, part) %}{{ return(dwhml.client_fit_table(trained, trained.model_identifier ~ '__' ~ part)) }}{% endmacro %}

{#- ML.TRIAL_INFO of a tuned version: logged; stood in for by its documented output for num_trials trials that
    tuned learn_rate (0.05 + 0.02 * trial), F1 best at trial 4 (is_optimal), the last trial FAILED. -#}
{% macro duckdb__trial_info_sql(trained) -%}
{%- do bigquery_shim.fake_bigquery_log(dwhml.bigquery__trial_info_sql(trained)) -%}
select
    t.i as trial_id,
    to_json({'learn_rate': 0.05 + 0.02 * t.i})::varchar as parameters,
    case when t.i < {{ trained.hyperparameters.bigquery.num_trials }} then to_json({'f1_score': 0.9 - abs(t.i - 4) * 0.05, 'roc_auc': 0.95})::varchar end as metrics,
    case when t.i < {{ trained.hyperparameters.bigquery.num_trials }} then 'SUCCEEDED' else 'FAILED' end as status,
    case when t.i = {{ trained.hyperparameters.bigquery.num_trials }} then 'the trial ran out of memory' end as error_message,
    t.i = 4 as is_optimal
from range(1, {{ trained.hyperparameters.bigquery.num_trials }} + 1) as t(i)
order by t.i
{%- endmacro %}

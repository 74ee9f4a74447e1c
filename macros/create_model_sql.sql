{#- The warehouse statement that trains a model from a spec built by the target's train_model:
    {model, function, target, training_sql, iam_role, s3_bucket, auto, problem_type, objective,
     hyperparameters, num_class, max_cells, max_runtime}. Pure: runs nothing (golden-tested). -#}
{% macro create_model_sql(spec) %}
  {{ return(adapter.dispatch('create_model_sql', 'dwhml')(spec)) }}
{% endmacro %}

{% macro default__create_model_sql(spec) %}
  {{ exceptions.raise_compiler_error("dwhml.create_model_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- Redshift ML, keywords in the order of the full CREATE MODEL synopsis (r_CREATE_MODEL): FROM, TARGET,
    FUNCTION, IAM_ROLE, AUTO, MODEL_TYPE, PROBLEM_TYPE, OBJECTIVE, PREPROCESSORS, HYPERPARAMETERS, SETTINGS.
    AUTO OFF: XGBoost with PREPROCESSORS 'none' and the hyperparameters (every one, with dwhml's engine
    settings: SageMaker's own defaults do not apply) as quoted strings, and no PROBLEM_TYPE
    (the synopsis marks it "not supported when AUTO OFF": the objective says what the problem is);
    AUTO ON: SageMaker Autopilot restricted to XGBoost and the problem type, with an Autopilot objective. -#}
{% macro redshift__create_model_sql(spec) -%}
{%- set lit = dwhml.redshift__string_literal -%}
{%- if spec.model_type == 'kmeans' -%}
{{ dwhml.redshift_kmeans_model_sql(spec) }}
{%- else -%}
create model {{ spec.model }}
from (
{{ spec.training_sql }}
)
target {{ dwhml.redshift__quote_identifier(spec.target) }}
function {{ dwhml.redshift__quote_identifier(spec.function) }}
iam_role {{ 'default' if spec.iam_role == 'default' else lit(spec.iam_role) }}
auto {{ 'on' if spec.auto else 'off' }}
model_type xgboost
{%- if spec.auto %}
problem_type {{ spec.problem_type }}
objective {{ lit(dwhml.redshift_autopilot_objectives()[spec.objective | lower]) }}
{%- else %}
objective {{ lit(spec.objective) }}
preprocessors 'none'
{%- set except = [] -%}
{%- set sent = dict(spec.hyperparameters) -%}
{%- do sent.update(dwhml.xgboost_engine_settings()) -%}
{%- for key, value in sent | dictsort -%}
  {%- do except.append(key | upper ~ ' ' ~ lit(value | string)) -%}
{%- endfor -%}
{%- if spec.num_class is not none -%}
  {%- do except.append('NUM_CLASS ' ~ lit(spec.num_class | string)) -%}
{%- endif %}
hyperparameters {{ 'default except (' ~ except | join(', ') ~ ')' if except else 'default' }}
{%- endif %}
settings (
    s3_bucket {{ lit(spec.s3_bucket) }},
    max_cells {{ spec.max_cells | int }},
    max_runtime {{ spec.max_runtime | int }}
)
{%- endif -%}
{%- endmacro %}

{#- Redshift ML k-means, as the K-MEANS synopsis of r_create_model_use_cases (no TARGET, AUTO OFF, MODEL_TYPE
    KMEANS, PREPROCESSORS, HYPERPARAMETERS DEFAULT EXCEPT with K required): NumericPassthrough on every column
    (k-means on the vectors as they are, as on DuckDB and BigQuery); dwhml's hyperparameters as SageMaker k-means'
    (k-means-api-config): num_clusters -> K, max_iter -> LOCAL_LLOYD_MAX_ITER, n_init -> LOCAL_LLOYD_NUM_TRIALS,
    and INIT_METHOD kmeans++; seed has no counterpart. -#}
{% macro redshift_kmeans_model_sql(spec) -%}
{%- set lit = dwhml.redshift__string_literal -%}
{%- set hp = spec.hyperparameters -%}
create model {{ spec.model }}
from (
{{ spec.training_sql }}
)
function {{ dwhml.redshift__quote_identifier(spec.function) }}
iam_role {{ 'default' if spec.iam_role == 'default' else lit(spec.iam_role) }}
auto off
model_type kmeans
preprocessors '[{"ColumnSet": ["*"], "Transformers": ["NumericPassthrough"]}]'
hyperparameters default except (K {{ lit(hp.num_clusters | string) }}, INIT_METHOD 'kmeans++', LOCAL_LLOYD_MAX_ITER {{ lit(hp.max_iter | string) }}, LOCAL_LLOYD_NUM_TRIALS {{ lit(hp.n_init | string) }})
settings (
    s3_bucket {{ lit(spec.s3_bucket) }},
    max_cells {{ spec.max_cells | int }},
    max_runtime {{ spec.max_runtime | int }}
)
{%- endmacro %}

{#- BigQuery ML: CREATE MODEL IF NOT EXISTS under the version's own name (a failed training creates nothing
    and leaves every other version alone). dwhml's hyperparameter names map to BigQuery's options
    (docs/bigquery.md); num_trials > 1 tunes over HPARAM_RANGE / HPARAM_CANDIDATES. -#}
{% macro bigquery__create_model_sql(spec) -%}
{%- set lit = dwhml.bigquery__string_literal -%}
{%- set options = [] -%}
{%- if spec.model_type == 'kmeans' -%}
  {#- k-means (bigqueryml-syntax-create-kmeans): no label, no split. -#}
  {%- do options.append("model_type = 'KMEANS'") -%}
{%- else -%}
  {%- set model_type = 'LOGISTIC_REG' if spec.model_type == 'logistic_reg'
        else ('BOOSTED_TREE_REGRESSOR' if spec.problem_type == 'regression' else 'BOOSTED_TREE_CLASSIFIER') -%}
  {%- do options.append("model_type = " ~ lit(model_type)) -%}
  {%- do options.append("input_label_cols = [" ~ lit(spec.target) ~ "]") -%}
  {%- do options.append("data_split_method = " ~ lit('AUTO_SPLIT' if spec.num_trials > 1 else 'NO_SPLIT')) -%}
{%- endif -%}
{%- for name, value in spec.options -%}
  {%- set rendered = lit(value) if value is string else ((value | string | lower) if value is boolean else value) -%}
  {%- do options.append(name ~ " = " ~ rendered) -%}
{%- endfor -%}
{%- if spec.num_trials > 1 -%}
  {%- do options.append("num_trials = " ~ spec.num_trials) -%}
  {%- do options.append("max_parallel_trials = " ~ spec.max_parallel_trials) -%}
  {%- do options.append("hparam_tuning_objectives = [" ~ lit(spec.objective) ~ "]") -%}
  {%- for name, bounds in spec.ranges -%}
    {%- do options.append(name ~ " = hparam_range(" ~ bounds[0] ~ ", " ~ bounds[1] ~ ")") -%}
  {%- endfor -%}
  {%- for name, values in spec.candidates -%}
    {%- set rendered = [] -%}
    {%- for v in values -%}{%- do rendered.append(lit(v) if v is string else v | string) -%}{%- endfor -%}
    {%- do options.append(name ~ " = hparam_candidates([" ~ rendered | join(', ') ~ "])") -%}
  {%- endfor -%}
{%- endif -%}
create model if not exists {{ spec.model }}
options (
    {{ options | join(",\n    ") }}
) as
{{ spec.training_sql }}
{%- endmacro %}

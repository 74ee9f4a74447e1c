{#- Pieces of the Redshift ML path used only by the redshift__ variants (train_model, predict,
    create_prediction_function, apply_model_grants). The SQL builders run nothing and are golden-tested. -#}

{#- IAM role and S3 bucket from vars (set from the environment in dbt_project.yml), never from model files. -#}
{% macro redshift_settings() %}
  {%- set role = var('dwhml_redshift_iam_role', env_var('DWHML_REDSHIFT_IAM_ROLE', 'default')) | string | trim -%}
  {%- set bucket = var('dwhml_redshift_s3_bucket', env_var('DWHML_REDSHIFT_S3_BUCKET', '')) | string | trim -%}
  {%- if role != 'default' and not modules.re.match('^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$', role) -%}
    {{ exceptions.raise_compiler_error("dwhml: DWHML_REDSHIFT_IAM_ROLE (var dwhml_redshift_iam_role) must be 'default' or an IAM role ARN like arn:aws:iam::123456789012:role/name") }}
  {%- endif -%}
  {%- if not modules.re.match('^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', bucket) -%}
    {{ exceptions.raise_compiler_error("dwhml: Redshift ML needs an S3 bucket for training data: set DWHML_REDSHIFT_S3_BUCKET (var dwhml_redshift_s3_bucket) to a bucket name" ~ (", got '" ~ bucket ~ "'" if bucket else "")) }}
  {%- endif -%}
  {{ return({'iam_role': role, 's3_bucket': bucket}) }}
{% endmacro %}

{#- AUTO ON objectives: dwhml's lowercase name -> the spelling sent to Redshift. The CREATE MODEL reference
    spells the multiclass one 'F1Macro' in its parameter list and in the AUTO ON synopsis, 'F1_Macro' once in
    the full synopsis; 'F1Macro' is kept (three of four places, and SageMaker's AutoMLJobObjective name F1macro
    has no underscore). The one place both the validator and CREATE MODEL read. -#}
{% macro redshift_autopilot_objectives() %}
  {{ return({'f1': 'F1', 'auc': 'AUC', 'accuracy': 'Accuracy', 'f1macro': 'F1Macro', 'mse': 'MSE'}) }}
{% endmacro %}

{#- Redshift ML's limits, checked before anything is spent: >= 500 training rows, <= 256 feature
    columns, numeric features with AUTO OFF (`columns`: the features and the target, if the model has one). MAX_CELLS is set to the real cells (rows x columns):
    its default of 1,000,000 would silently sample a 100-dim table down to ~9,900 rows. -#}
{% macro redshift_training_limits(cfg, columns, row_count) %}
  {%- set features = columns | rejectattr('name', 'equalto', cfg.target) | list -%}
  {%- if row_count < 500 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': Redshift ML needs at least 500 training rows, the SELECT has " ~ row_count) }}
  {%- endif -%}
  {%- if features | length > 256 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': Redshift ML takes at most 256 feature columns, the SELECT has " ~ features | length) }}
  {%- endif -%}
  {%- if not cfg.redshift.auto -%}
    {%- for column in features if not column.is_numeric -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': with AUTO OFF Redshift ML takes numeric features only; '" ~ column.name ~ "' is " ~ column.type) }}
    {%- endfor -%}
  {%- endif -%}
  {%- set target = columns | selectattr('name', 'equalto', cfg.target) | first if cfg.target else none -%}
  {%- for prefix in ['decimal', 'numeric', 'date', 'time', 'super', 'geometry', 'geography', 'hllsketch', 'varbyte'] if target is not none and (target.type | lower).startswith(prefix) -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': Redshift ML cannot train on a " ~ target.type ~ " target column '" ~ cfg.target ~ "' (cast it to an integer, float or varchar)") }}
  {%- endfor -%}
  {{ return({'max_cells': row_count * (features | length + (1 if target is not none else 0)), 'features': features}) }}
{% endmacro %}

{#- One scan of the training SELECT: its row count and a fingerprint of its content (FNV hashes of
    every column, summed), so an unchanged SELECT keeps its version and trains nothing. -#}
{% macro redshift_fingerprint_sql(sql, columns) -%}
{%- set chain = namespace(expr='fnv_hash(t.' ~ dwhml.redshift__quote_identifier(columns[0].name) ~ ')') -%}
{%- for column in columns[1:] -%}
  {%- set chain.expr = 'fnv_hash(t.' ~ dwhml.redshift__quote_identifier(column.name) ~ ', ' ~ chain.expr ~ ')' -%}
{%- endfor -%}
select
    count(*) as row_count,
    sum(cast({{ chain.expr }} as decimal(38, 0))) as fingerprint
from (
{{ sql }}
) as t
{%- endmacro %}

{#- The SELECT handed to CREATE MODEL. AUTO OFF classification trains XGBoost on class indexes
    0..n-1 (the order of `classes`), decoded back by predict and the stable function; rows without
    a target cannot train and are left out. -#}
{% macro redshift_training_select(cfg, sql, features, classes) -%}
{%- set q = dwhml.redshift__quote_identifier -%}
select
{%- if classes is not none and not cfg.redshift.auto %}
    case t.{{ q(cfg.target) }}{% for c in classes %} when {{ dwhml.class_literal(c) }} then {{ loop.index0 }}{% endfor %} end as {{ q(cfg.target) }},
{%- else %}
    t.{{ q(cfg.target) }},
{%- endif %}
    {% for column in features %}t.{{ q(column.name) }}{{ ",\n    " if not loop.last }}{% endfor %}
from (
{{ sql }}
) as t
where t.{{ q(cfg.target) }} is not null
{%- endmacro %}

{#- CASE mapping a class index back to its class. -#}
{% macro redshift_decode_class(expr, classes) -%}
case {{ expr }}{% for c in classes %} when {{ loop.index0 }} then {{ dwhml.class_literal(c) }}{% endfor %} end
{%- endmacro %}

{#- The state of a Redshift ML model (STV_ML_MODEL_INFO.model_state, trimmed), or none. -#}
{% macro redshift_model_state(schema, model_name) %}
  {%- set result = run_query(dwhml.redshift_model_state_sql(schema, model_name)) -%}
  {{ return(result.rows[0][0] if result.rows else none) }}
{% endmacro %}

{#- The schema that holds the models and their ML functions, and nothing else: the GRANT usage notes say
    granting EXECUTE related to an ML function fails in a schema that holds ML functions, and recommend a
    separate schema for CREATE MODEL. Var dwhml_redshift_model_schema (env DWHML_REDSHIFT_MODEL_SCHEMA);
    default <target schema>_ml. -#}
{% macro redshift_model_schema() %}
  {%- set schema = var('dwhml_redshift_model_schema', env_var('DWHML_REDSHIFT_MODEL_SCHEMA', '')) | string | trim or (target.schema ~ '_ml') -%}
  {%- do dwhml.quote_identifier(schema, 'the Redshift model schema (var dwhml_redshift_model_schema)') -%}
  {%- if schema | lower == target.schema | lower -%}
    {{ exceptions.raise_compiler_error("dwhml: the Redshift model schema (var dwhml_redshift_model_schema) must differ from the target schema '" ~ target.schema ~ "': ML functions need a schema of their own for grants to work") }}
  {%- endif -%}
  {{ return(schema | lower) }}
{% endmacro %}

{% macro redshift_model_schema_sql(schema) -%}
create schema if not exists {{ dwhml.redshift__quote_identifier(schema) }}
{%- endmacro %}

{% macro redshift_model_state_sql(schema, model_name) -%}
select trim(i.model_state) as model_state
from stv_ml_model_info as i
where trim(i.schema_name) = {{ dwhml.redshift__string_literal(schema | lower) }}
    and trim(i.model_name) = {{ dwhml.redshift__string_literal(model_name | lower) }}
{%- endmacro %}

{#- A version's Redshift model and function: <name>__<version> (Redshift cannot rename a model, and
    DROP MODEL drops its function, so every version keeps its own). -#}
{% macro redshift_version_names(cfg, schema, version) %}
  {%- set model_name = (cfg.name ~ '__' ~ version) | lower -%}
  {%- set function_name = (cfg.function ~ '__' ~ version) | lower -%}
  {%- for name in [model_name, function_name] if name | length > 127 -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': Redshift name " ~ name ~ " is longer than 127 characters; shorten the model or function name") }}
  {%- endfor -%}
  {{ return({'model': model_name, 'function': function_name,
             'model_relation': dwhml.redshift__quote_identifier(schema) ~ '.' ~ dwhml.redshift__quote_identifier(model_name),
             'function_relation': dwhml.redshift__quote_identifier(schema) ~ '.' ~ dwhml.redshift__quote_identifier(function_name)}) }}
{% endmacro %}

{#- 'analyst' -> "analyst", 'group analysts' -> group "analysts", 'role bi' -> role "bi" (validated by ml_config). -#}
{% macro redshift_grantee(grantee) %}
  {%- set parts = grantee.split(' ') -%}
  {%- if parts | length == 2 -%}
    {{ return(parts[0] | lower ~ ' ' ~ dwhml.redshift__quote_identifier(parts[1])) }}
  {%- endif -%}
  {{ return(dwhml.redshift__quote_identifier(grantee)) }}
{% endmacro %}

{#- SELECT of the input's columns plus predicted_label, predicted_probability and model_version.
    binary: probability of the positive class; multiclass: of the predicted class; regression: null. -#}
{% macro predict(model, relation) %}
  {%- set info = dwhml.model_info(model) -%}
  {%- do dwhml.check_embedding_version(info, relation) -%}
  {{ return(dwhml.predict_version(info, relation)) }}
{% endmacro %}

{#- The same for a version given by its info dict (the quality gate scores a version not yet promoted). -#}
{% macro predict_version(info, relation) %}
  {%- if info.model_type == 'blend' -%}
    {{ return(dwhml.blend_sql(info, relation)) }}
  {%- endif -%}
  {%- if dwhml.scored_by_join(info.model_type) -%}
    {#- Plain SQL on every target: no dispatch needed. -#}
    {{ return(dwhml.sparse_linear_sql(info, relation, info.feature_relation)) }}
  {%- endif -%}
  {{ return(adapter.dispatch('predict', 'dwhml')(info, relation)) }}
{% endmacro %}

{% macro default__predict(info, relation) %}
  {{ exceptions.raise_compiler_error("dwhml.predict is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: the plugin's vectorised UDF (batch path; the portable macro is for analysts). -#}
{% macro duckdb__predict(info, relation) -%}
{%- set artifact = dwhml.string_literal(info.artifact_location) -%}
{%- if info.model_type == 'xgboost' -%}
  {%- set call = "dwhml_predict(" ~ artifact ~ ", [" ~ info.features | join(', ') ~ "]::float [])" -%}
{%- else -%}
  {%- set call = "dwhml_predict_text(" ~ artifact ~ ", " ~ info.features[0] ~ ")" -%}
{%- endif -%}
select
    scored.* exclude (dwhml_prediction),
{%- if info.problem_type == 'regression' %}
    scored.dwhml_prediction.prediction as predicted_label,
{%- else %}
    ([{% for c in info.classes %}{{ dwhml.class_literal(c) }}{{ ", " if not loop.last }}{% endfor %}])[scored.dwhml_prediction.label_index + 1] as predicted_label,
{%- endif %}
    scored.dwhml_prediction.probability as predicted_probability,
    {{ dwhml.string_literal(info.model_version) }} as model_version
from (
    select
        src.*,
        {{ call }} as dwhml_prediction
    from {{ relation }} as src
) as scored
{%- endmacro %}

{#- Redshift ML: the version's own function (model <name>__<version>). AUTO OFF XGBoost returns a class
    index (decoded here) or the regression value, with no probability; AUTO ON classification also has
    <function>_probabilities, a SUPER {probabilities, labels}, kept as predicted_probabilities and read for
    the positive class (binary) or the predicted class (multiclass). -#}
{% macro redshift__predict(info, relation) -%}
{%- set q = dwhml.redshift__quote_identifier -%}
{%- set schema = info.model_schema -%}
{%- set arguments -%}{% for f in info.features %}src.{{ q(f) }}{{ ", " if not loop.last }}{% endfor %}{%- endset -%}
{%- set call = q(schema) ~ "." ~ q(info.function_name) ~ "(" ~ arguments ~ ")" -%}
{%- set redshift = info.hyperparameters.get('redshift', {}) -%}
{%- if not dwhml.redshift__gives_probability(info) %}
select
    src.*,
    {% if info.problem_type == 'regression' or not redshift.get('label_encoded', false) -%}
    {{ call }}
    {%- else -%}
    {{ dwhml.redshift_decode_class(call, info.classes) }}
    {%- endif %} as predicted_label,
    cast(null as double precision) as predicted_probability,
    {{ dwhml.redshift__string_literal(info.model_version) }} as model_version
from {{ relation }} as src
{%- else %}
{%- set wanted = dwhml.redshift__string_literal(info.classes[1] | string) if info.problem_type == 'binary_classification' else 'cast(scored.predicted_label as varchar)' %}
select
    scored.*,
    case
        {%- for i in range(info.classes | length) %}
        when cast(scored.predicted_probabilities.labels[{{ i }}] as varchar) = {{ wanted }}
            then cast(scored.predicted_probabilities.probabilities[{{ i }}] as double precision)
        {%- endfor %}
    end as predicted_probability,
    {{ dwhml.redshift__string_literal(info.model_version) }} as model_version
from (
    select
        src.*,
        {{ call }} as predicted_label,
        {{ q(schema) }}.{{ q(info.function_name ~ '_probabilities') }}({{ arguments }}) as predicted_probabilities
    from {{ relation }} as src
) as scored
{%- endif %}
{%- endmacro %}

{#- BigQuery ML: ML.PREDICT over the version's model. Its predicted_<target> becomes predicted_label and
    predicted_<target>_probs (ARRAY<STRUCT<label, prob>>) gives the positive class's (binary) or the
    predicted class's (multiclass) probability. -#}
{% macro bigquery__predict(info, relation) -%}
{%- set q = dwhml.bigquery__quote_identifier -%}
{%- set predicted = q('predicted_' ~ info.target) -%}
{%- set probs = q('predicted_' ~ info.target ~ '_probs') -%}
select
    p.* except ({{ predicted }}{% if info.problem_type != 'regression' %}, {{ probs }}{% endif %}),
    p.{{ predicted }} as predicted_label,
    {% if info.problem_type == 'binary_classification' -%}
    {{ dwhml.bigquery_probability('p.' ~ probs, dwhml.class_literal(info.classes[1])) }}
    {%- elif info.problem_type == 'multiclass_classification' -%}
    {{ dwhml.bigquery_probability('p.' ~ probs, 'p.' ~ predicted) }}
    {%- else -%}
    cast(null as float64)
    {%- endif %} as predicted_probability,
    {{ dwhml.bigquery__string_literal(info.model_version) }} as model_version
from ml.predict(model {{ dwhml.warehouse_model_name(info, q) }}, (select * from {{ relation }})) as p
{%- endmacro %}

{#- Scoring of a blend in SQL: weight * p(first component) + (1 - weight) * p(second), both the
    calibrated probability of the positive class from the component versions the blend version
    pinned when it was built, scored on the same input rows (which must carry id and every column
    the components need). Engine-neutral apart from the components' own scoring. -#}
{% macro blend_sql(info, relation) -%}
{%- set weight = info.hyperparameters.weight -%}
{%- set parts = [] -%}
{%- for pinned in info.hyperparameters.components -%}
  {%- set part = dwhml.pinned_version_info(dwhml.sibling_model(info.relation, pinned.name), pinned.version) -%}
  {%- if part.problem_type != 'binary_classification' or part.classes != info.classes -%}
    {{ exceptions.raise_compiler_error("dwhml: blend " ~ info.model_name ~ ": component " ~ pinned.name ~ " is not a binary model of the classes " ~ info.classes | string) }}
  {%- endif -%}
  {%- if not dwhml.gives_probability(part) -%}
    {{ exceptions.raise_compiler_error("dwhml: blend " ~ info.model_name ~ ": component " ~ pinned.name ~ " gives no probability on " ~ target.type ~ " (Redshift ML's AUTO OFF function returns the class only); train it with meta.dwhml.redshift.auto: true, whose function has probabilities") }}
  {%- endif -%}
  {%- do parts.append(dwhml.predict_version(part, relation)) -%}
{%- endfor -%}
with blend_input as (
    select * from {{ relation }}
),

first_scores as (
    {{ parts[0] | indent(4) }}
),

second_scores as (
    {{ parts[1] | indent(4) }}
),

blended as (
    select
        f.id,
        {{ weight }} * f.predicted_probability + {{ 1 - weight }} * s.predicted_probability as probability
    from first_scores as f
    inner join second_scores as s on f.id = s.id
)

select
    blend_input.*,
    case
        when blended.probability >= 0.5 then {{ dwhml.class_literal(info.classes[1]) }}
        when blended.probability < 0.5 then {{ dwhml.class_literal(info.classes[0]) }}
    end as predicted_label,
    blended.probability as predicted_probability,
    {{ dwhml.string_literal(info.model_version) }} as model_version
from blend_input
left join blended on blend_input.id = blended.id
{%- endmacro %}

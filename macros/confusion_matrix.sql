{#- Engine-neutral confusion matrix of one model version: (model_name, model_version, actual_label, predicted_label, n). -#}
{% macro confusion_matrix(predictions, model, actual, where="split = 'test'") -%}
{%- set info = dwhml.model_info(model) -%}
select
    {{ dwhml.string_literal(info.model_name) }} as model_name,
    {{ dwhml.string_literal(info.model_version) }} as model_version,
    cast({{ actual }} as {{ dbt.type_string() | lower }}) as actual_label,
    cast(predicted_label as {{ dbt.type_string() | lower }}) as predicted_label,
    count(*) as n
from {{ predictions }}
where model_version = {{ dwhml.string_literal(info.model_version) }} and {{ where }}
group by 1, 2, 3, 4
{%- endmacro %}

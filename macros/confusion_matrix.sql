{#- Engine-neutral confusion matrix of one model version in a predictions table:
    (model_name, model_version, actual_label, predicted_label, n). -#}
{% macro confusion_matrix(predictions, model, actual, where="split = 'test'") -%}
{%- set info = dwhml.model_info(model) -%}
{{ dwhml.confusion_rows_sql(info, dwhml.scored_rows_sql(predictions, info, actual, where)) }}
{%- endmacro %}

{#- The confusion matrix over `scored` rows of (actual, predicted_label, predicted_probability). -#}
{% macro confusion_rows_sql(info, scored) -%}
select
    {{ dwhml.string_literal(info.model_name) }} as model_name,
    {{ dwhml.string_literal(info.model_version) }} as model_version,
    cast(s.actual as {{ dbt.type_string() | lower }}) as actual_label,
    cast(s.predicted_label as {{ dbt.type_string() | lower }}) as predicted_label,
    count(*) as n
from ({{ scored }}) as s
group by 1, 2, 3, 4
{%- endmacro %}

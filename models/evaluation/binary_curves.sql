{{ config(materialized='incremental', on_schema_change='fail') }}
-- Test-split ROC / precision-recall points of every binary model version, appended.
{%- set binary = [] %}
{%- for m in example_models() if dwhml.model_info(m.model).problem_type == 'binary_classification' %}
{%- do binary.append(m) %}
{%- endfor %}
with curves as (
    {%- for m in binary %}
    select * from ({{ dwhml.binary_curve(m.predictions, m.model, m.actual, example_test_rows()) }}) as c{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select c.*
from curves as c
{{ dwhml.new_versions_only('c') }}

{{ config(materialized='incremental', on_schema_change='fail') }}
-- Test-split confusion matrix of every model version, appended.
with counted as (
    {%- for m in example_models() %}
    select * from ({{ dwhml.confusion_matrix(m.predictions, m.model, m.actual, example_test_rows()) }}) as c{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select c.*
from counted as c
{{ dwhml.new_versions_only('c') }}

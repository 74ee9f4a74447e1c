{{ config(materialized='incremental', on_schema_change='fail') }}
-- Test-split metrics of every model version, appended; a version is evaluated once and never overwritten.
with evaluated as (
    {%- for m in example_models() %}
    select * from ({{ dwhml.evaluate(m.predictions, m.model, m.actual, example_test_rows()) }}) as m{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select
    e.model_name,
    e.model_version,
    e.problem_type,
    e.target,
    e.metric,
    e.value,
    {{ dbt.current_timestamp() }} as evaluated_at
from evaluated as e
{{ dwhml.new_versions_only('e') }}

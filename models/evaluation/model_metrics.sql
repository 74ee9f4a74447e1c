{{ config(materialized='incremental', on_schema_change='fail') }}
-- Test-split metrics of every model version, appended; a version is evaluated once and never overwritten.
{%- set scored_test = "split = 'test' and id in (select id from " ~ ref('example_vectors') ~ ")" %}
with evaluated as (
    select * from ({{ dwhml.evaluate(ref('employment_predictions'), ref('employment_classifier'), 'is_employment', scored_test) }}) as m1
    union all
    select * from ({{ dwhml.evaluate(ref('employment_baseline_predictions'), ref('employment_baseline'), 'is_employment', scored_test) }}) as m2
    union all
    select * from ({{ dwhml.evaluate(ref('sector_predictions'), ref('sector_classifier'), 'sector', scored_test) }}) as m3
    union all
    select * from ({{ dwhml.evaluate(ref('sector_baseline_predictions'), ref('sector_baseline'), 'sector', scored_test) }}) as m4
)

select
    e.model_name,
    e.model_version,
    e.problem_type,
    e.target,
    e.metric,
    e.value,
    current_timestamp as evaluated_at
from evaluated as e
{%- if is_incremental() %}
where not exists (
    select 1
    from {{ this }} as done
    where done.model_name = e.model_name and done.model_version = e.model_version
)
{%- endif %}

{{ config(materialized='incremental', on_schema_change='fail') }}
-- Test-split confusion matrix of every model version, appended.
{%- set scored_test = "split = 'test' and id in (select id from " ~ ref('example_vectors') ~ ")" %}
with counted as (
    select * from ({{ dwhml.confusion_matrix(ref('employment_predictions'), ref('employment_classifier'), 'is_employment', scored_test) }}) as c1
    union all
    select * from ({{ dwhml.confusion_matrix(ref('employment_baseline_predictions'), ref('employment_baseline'), 'is_employment', scored_test) }}) as c2
    union all
    select * from ({{ dwhml.confusion_matrix(ref('sector_predictions'), ref('sector_classifier'), 'sector', scored_test) }}) as c3
    union all
    select * from ({{ dwhml.confusion_matrix(ref('sector_baseline_predictions'), ref('sector_baseline'), 'sector', scored_test) }}) as c4
)

select c.*
from counted as c
{%- if is_incremental() %}
where not exists (
    select 1
    from {{ this }} as done
    where done.model_name = c.model_name and done.model_version = c.model_version
)
{%- endif %}

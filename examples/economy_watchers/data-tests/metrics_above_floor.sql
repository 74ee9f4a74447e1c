-- Warns (does not fail the build) so a user's own data still runs the whole loop.
{{ config(severity='warn') }}
-- model_metrics is a view over what the ml_models record: this test runs after every one of them.
-- depends_on: {{ ref('employment_classifier') }}, {{ ref('employment_supervised') }}, {{ ref('sector_classifier') }}, {{ ref('sector_supervised') }}
-- depends_on: {{ ref('employment_sparse') }}, {{ ref('sector_sparse') }}
{%- if target.type == 'duckdb' %}
-- depends_on: {{ ref('employment_baseline') }}, {{ ref('employment_tfidf_baseline') }}, {{ ref('employment_blend') }}
-- depends_on: {{ ref('sector_baseline') }}, {{ ref('sector_tfidf_baseline') }}
{%- endif %}
-- The newest version of each model beats a floor far above chance on its headline metric
-- (F1 of 雇用 at 9.9% prevalence; macro-F1 over three classes). Floors are vars so small
-- samples can lower them.
with latest as (
    select
        model_name,
        max(evaluated_at) as evaluated_at
    from {{ ref('model_metrics') }}
    group by model_name
)

select
    m.model_name,
    m.metric,
    m.value
from {{ ref('model_metrics') }} as m
inner join latest as l on m.model_name = l.model_name and m.evaluated_at = l.evaluated_at
where (m.metric = 'f1' and m.value < {{ var('dwhml_f1_floor', 0.6) }})
    or (m.metric = 'macro_f1' and m.value < {{ var('dwhml_macro_f1_floor', 0.6) }})

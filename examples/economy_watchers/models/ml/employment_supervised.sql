{%- set names = example_names() %}
{#- On Redshift the blend (employment_blend) needs this model's probability, which only AUTO ON's function
    gives (decision 0009): there Autopilot, restricted to XGBoost, chooses the hyperparameters. -#}
{%- set on_redshift = target.type == 'redshift' %}
{{ config(materialized='ml_model', grants=var('dwhml_model_grants', {}), meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'xgboost',
    'function': 'fn_' ~ names.binary ~ '_supervised',
    'hyperparameters': {} if on_redshift else {'num_round': 200, 'max_depth': 6, 'eta': 0.1},
    'redshift': {'auto': true} if on_redshift else {},
    'data_split_column': 'is_test',
    'scores_from': var('dwhml_raw_schema', 'raw') ~ '.text_vectors_supervised',
    'grant_execute_to': var('dwhml_grant_execute_to', []),
}}) }}
-- 雇用 vs rest from label-aware fastText vectors (supervised fastText on the train split's labels) + XGBoost.
select
    {{ names.binary_target }},
    {{ dwhml.vector_columns() }},
    embedding_version,
    split = 'test' as is_test
from {{ ref('example_supervised_vectors') }}

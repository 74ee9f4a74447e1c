{%- set names = example_names() %}
{{ config(materialized='ml_model', grants=var('dwhml_model_grants', {}), meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'xgboost',
    'function': 'fn_' ~ names.binary,
    'hyperparameters': {'num_round': 200, 'max_depth': 6, 'eta': 0.1},
    'data_split_column': 'is_test',
    'scores_from': var('dwhml_raw_schema', 'raw') ~ '.text_vectors',
    'grant_execute_to': var('dwhml_grant_execute_to', []),
}}) }}
-- 雇用 (employment) vs the rest, from fastText sentence vectors: the talk's recipe.
select
    {{ names.binary_target }},
    {{ dwhml.vector_columns() }},
    embedding_version,
    split = 'test' as is_test
from {{ ref('example_vectors') }}

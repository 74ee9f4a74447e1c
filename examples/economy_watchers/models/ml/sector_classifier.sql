{%- set names = example_names() %}
{{ config(materialized='ml_model', grants=var('dwhml_model_grants', {}), meta={'dwhml': {
    'target': names.multiclass_target,
    'problem_type': 'multiclass_classification',
    'model_type': 'xgboost',
    'function': 'fn_' ~ names.multiclass,
    'hyperparameters': {'num_round': 100, 'max_depth': 6, 'eta': 0.2},
    'data_split_column': 'is_test',
    'scores_from': var('dwhml_raw_schema', 'raw') ~ '.text_vectors',
    'grant_execute_to': var('dwhml_grant_execute_to', []),
}}) }}
-- The survey's three sectors from fastText sentence vectors.
select
    {{ names.multiclass_target }},
    {{ dwhml.vector_columns() }},
    embedding_version,
    split = 'test' as is_test
from {{ ref('example_vectors') }}

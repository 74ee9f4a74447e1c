{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'sector',
    'problem_type': 'multiclass_classification',
    'model_type': 'xgboost',
    'function': 'fn_sector',
    'hyperparameters': {'num_round': 100, 'max_depth': 6, 'eta': 0.2},
    'data_split_column': 'is_test',
    'scores_from': 'raw.text_vectors',
}}) }}
-- The survey's three sectors from fastText sentence vectors.
select
    sector,
    {{ dwhml.vector_columns() }},
    split = 'test' as is_test
from {{ ref('example_vectors') }}

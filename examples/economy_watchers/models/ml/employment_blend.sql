{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'is_employment',
    'problem_type': 'binary_classification',
    'task': 'is_employment = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'blend',
    'components': ['employment_supervised', 'employment_sparse'],
    'hyperparameters': {'weight': 0.5},
    'data_split_column': 'is_test',
}}) }}
-- depends_on: {{ ref('employment_supervised') }}, {{ ref('employment_sparse') }}
-- 雇用 vs rest: mean of the calibrated probabilities of the label-aware dense model and the sparse
-- model, computed in SQL. The SELECT carries what both components score (id, vectors).
select
    is_employment,
    id,
    {{ dwhml.vector_columns() }},
    split = 'test' as is_test
from {{ ref('example_supervised_vectors') }}

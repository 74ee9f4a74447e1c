{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'blend',
    'components': [example_alias('employment_supervised'), example_alias('employment_sparse')],
    'hyperparameters': {'weight': 0.5},
    'data_split_column': 'is_test',
}}) }}
-- depends_on: {{ ref('employment_supervised') }}, {{ ref('employment_sparse') }}
-- 雇用 vs rest: mean of the calibrated probabilities of the label-aware dense model and the sparse
-- model, computed in SQL. The SELECT carries what both components score (id, vectors).
select
    {{ names.binary_target }},
    id,
    {{ dwhml.vector_columns() }},
    split = 'test' as is_test
from {{ ref('example_supervised_vectors') }}

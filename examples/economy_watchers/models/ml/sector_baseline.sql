{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'sector',
    'problem_type': 'multiclass_classification',
    'model_type': 'bow_linear_svc',
    'data_split_column': 'is_test',
}}) }}
-- Word counts + linear SVM baseline for the three sectors, same train split.
select
    sector,
    text,
    split = 'test' as is_test
from {{ ref('training_texts') }}

{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'sector',
    'problem_type': 'multiclass_classification',
    'model_type': 'bow_linear_svc',
}}) }}
-- Word counts + linear SVM baseline for the three sectors, same train split.
select
    sector,
    text
from {{ ref('training_texts') }}

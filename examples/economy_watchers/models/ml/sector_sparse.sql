{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'sector',
    'problem_type': 'multiclass_classification',
    'model_type': 'sparse_linear',
    'function': 'fn_sector_sparse',
    'feature_relation': 'text_features',
    'data_split_column': 'is_test',
}}) }}
-- The three sectors from word and character 1-3-gram TF-IDF, linear SVM; scored by a join in plain SQL.
select
    e.sector,
    f.id,
    f.feature,
    f.weight,
    e.split = 'test' as is_test
from {{ ref('text_features') }} as f
inner join {{ ref('training_texts') }} as e on f.id = e.id

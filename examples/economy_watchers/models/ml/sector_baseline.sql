{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.multiclass_target,
    'problem_type': 'multiclass_classification',
    'model_type': 'bow_linear_svc',
    'data_split_column': 'is_test',
}}) }}
-- Word counts + linear SVM baseline for the three sectors, same train split.
select
    {{ names.multiclass_target }},
    text,
    split = 'test' as is_test
from {{ ref('training_texts') }}

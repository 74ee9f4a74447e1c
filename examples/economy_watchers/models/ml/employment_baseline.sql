{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'bow_linear_svc',
    'data_split_column': 'is_test',
}}) }}
-- The talk's baseline: word counts over the same MeCab tokens + linear SVM, same train split.
select
    {{ names.binary_target }},
    text,
    split = 'test' as is_test
from {{ ref('training_texts') }}

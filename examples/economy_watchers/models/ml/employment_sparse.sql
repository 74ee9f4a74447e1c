{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'sparse_linear',
    'function': 'fn_' ~ names.binary ~ '_sparse',
    'feature_relation': 'text_features',
    'data_split_column': 'is_test',
}}) }}
-- 雇用 vs rest from word and character 1-3-gram TF-IDF, linear SVM; scored by a join in plain SQL.
{{ text_feature_rows(names.binary_target) }}

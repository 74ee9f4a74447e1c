{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.multiclass_target,
    'problem_type': 'multiclass_classification',
    'model_type': 'sparse_linear',
    'function': 'fn_' ~ names.multiclass ~ '_sparse',
    'feature_relation': 'text_features',
    'data_split_column': 'is_test',
}}) }}
-- The three sectors from word and character 1-3-gram TF-IDF, linear SVM; scored by a join in plain SQL.
{{ text_feature_rows(names.multiclass_target) }}

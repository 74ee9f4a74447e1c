{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.multiclass_target,
    'problem_type': 'multiclass_classification',
    'model_type': 'bow_linear_svc',
    'function': 'fn_' ~ names.multiclass ~ '_tfidf_baseline',
    'feature_relation': 'text_features',
    'hyperparameters': {'weighting': 'tfidf'},
    'data_split_column': 'is_test',
}}) }}
-- Reference baseline for the three sectors: word TF-IDF over the same MeCab tokens + linear SVM, same train
-- split; only the word rows (w:) of the features. Scored by a join in plain SQL.
{{ text_feature_rows(names.multiclass_target, words_only=true) }}

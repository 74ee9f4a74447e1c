{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'bow_linear_svc',
    'function': 'fn_' ~ names.binary ~ '_tfidf_baseline',
    'feature_relation': 'text_features',
    'hyperparameters': {'weighting': 'tfidf'},
    'data_split_column': 'is_test',
}}) }}
-- Reference baseline for 雇用 vs rest: word TF-IDF over the same MeCab tokens + linear SVM, same train split;
-- only the word rows (w:) of the features. Scored by a join in plain SQL.
{{ text_feature_rows(names.binary_target, words_only=true) }}

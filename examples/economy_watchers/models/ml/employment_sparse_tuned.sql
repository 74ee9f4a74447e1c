{%- set names = example_names() %}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'sparse_linear',
    'function': 'fn_' ~ names.binary ~ '_sparse_tuned',
    'feature_relation': 'text_features',
    'data_split_column': 'is_test',
    'tuning': {
        'trials': 8,
        'objective': 'f1',
        'validation': {'fraction': 0.2},
        'parameters': {
            'c': {'range': [0.05, 5.0], 'log': true},
            'min_df': {'candidates': [1, 2, 3]},
            'char_ngram_max': {'candidates': [2, 3]},
        },
    },
}}) }}
-- employment_sparse with its C, min_df and longest character n-gram tuned by 8 trials on a fifth of the
-- training rows (never the test rows); the best trial's values are refitted on all training rows.
{{ text_feature_rows(names.binary_target) }}

{%- set names = example_names() %}
{#- Redshift ML's AUTO OFF has no tuning (decision 0017): there this model is not built (dbt_project.yml). -#}
{{ config(materialized='ml_model', meta={'dwhml': {
    'target': names.binary_target,
    'problem_type': 'binary_classification',
    'task': names.binary_target ~ ' = 1 for the label ' ~ var('dwhml_positive_label', 'that is rarest'),
    'model_type': 'xgboost',
    'function': 'fn_' ~ names.binary ~ '_tuned',
    'hyperparameters': {'num_round': 200},
    'data_split_column': 'is_test',
    'scores_from': var('dwhml_raw_schema', 'raw') ~ '.text_vectors',
    'tuning': {
        'trials': 10,
        'objective': 'roc_auc',
        'parameters': {
            'eta': {'range': [0.02, 0.3], 'log': true},
            'max_depth': {'range': [2, 8]},
            'min_child_weight': {'range': [1.0, 10.0], 'log': true},
            'subsample': {'range': [0.6, 1.0]},
        },
    },
}}) }}
-- employment_classifier's XGBoost on the fastText vectors, its tree shape and learning rate tuned by 10
-- trials (BigQuery ML: NUM_TRIALS with HPARAM_RANGE; DuckDB: Optuna's TPE on a fifth of the training rows).
select
    {{ names.binary_target }},
    {{ dwhml.vector_columns() }},
    embedding_version,
    split = 'test' as is_test
from {{ ref('example_vectors') }}

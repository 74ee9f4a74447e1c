{{ config(materialized='ml_model', meta={'dwhml': {
    'problem_type': 'topic_model',
    'model_type': 'lda',
    'data_split_column': 'is_test',
    'hyperparameters': {'num_topics': 10},
}}) }}
-- Topics of the survey comments: LDA over their MeCab words (the w: rows of text_features, with counts);
-- the test split is held out of the fit and scores the held-out perplexity.
{{ text_feature_rows(none, words_only=true) }}

{{ config(materialized='table') }}
-- (id, feature, weight): word tokens (w:) and character 1-3-grams (c:) of the normalised text, with counts.
-- Input of the sparse linear models, built in SQL from the tokens `dwhml embed` wrote.
{{ dwhml.text_features_sql(source('raw', 'text_tokens')) }}

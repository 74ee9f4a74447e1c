{{ config(materialized='table') }}
-- Each comment's 5 most similar comments by cosine similarity of their fastText vectors, exact
-- (dwhml.similar_sql: the plugin's matrix product on DuckDB).
{{ dwhml.similar_sql(source('raw', 'text_vectors'), 5) }}

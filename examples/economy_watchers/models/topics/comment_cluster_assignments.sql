{{ config(materialized='incremental', unique_key='id', on_schema_change='fail',
          post_hook="{{ dwhml.prune_predictions(source('raw', 'text_vectors')) }}") }}
-- Every comment's nearest k-means cluster under comment_clusters' current version, by a join in SQL; new
-- comments only on each run.
{{ dwhml.incremental_topics(ref('comment_clusters'), source('raw', 'text_vectors')) }}

{{ config(materialized='incremental', unique_key='id', incremental_strategy='delete+insert', on_schema_change='fail',
          post_hook="{{ dwhml.prune_predictions(ref('text_features')) }}") }}
-- Every comment's topic distribution under comment_topics' current version, new comments only on each run
-- (also those the model never trained on): one row per (id, topic).
{{ dwhml.incremental_topics(ref('comment_topics'), "(select id, feature, weight from " ~ ref('text_features') ~ " where feature like 'w:%')") }}

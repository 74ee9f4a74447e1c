{{ config(materialized='table') }}
-- SYNTHETIC users: "more like this" for each made-up user: up to 10 comments of their 3 strongest topics
-- they have not seen, from user_topic_preferences and each comment's dominant topic.
{{ dwhml.more_like_this_sql(ref('user_topic_preferences'), dwhml.model_table(ref('comment_topics'), 'dominant_topics'),
                            ref('synthetic_events'), top_topics=3, per_user=10) }}

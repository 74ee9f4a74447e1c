{{ config(materialized='table') }}
-- SYNTHETIC users: each made-up user's topic preferences from the made-up browsing log of the seed
-- synthetic_events (`dwhml synthetic-events`), with a 30-day half-life; not observed behaviour.
{{ dwhml.topic_preferences_sql(ref('synthetic_events'), dwhml.model_table(ref('comment_topics'), 'text_topics'),
                               half_life_days=30) }}

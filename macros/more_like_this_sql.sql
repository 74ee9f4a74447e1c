{#- "More like this": for each user, texts of their `top_topics` strongest topics (preferences as
    topic_preferences_sql returns them) that the user has no event on, scored by the user's preference for
    the text's dominant topic times the text's probability of it (dominant topics as dominant_topic_sql
    returns them); the best `per_user`, ties to the smaller text id. Returns (user_id, text_id, topic, score,
    recommendation_rank). Engine-neutral; golden-tested per dialect and checked against NumPy. -#}
{% macro more_like_this_sql(preferences, dominant_topics, events, top_topics=3, per_user=10) -%}
{%- for name, value in [('top_topics', top_topics), ('per_user', per_user)] if value is not integer or value < 1 -%}
  {{ exceptions.raise_compiler_error("dwhml.more_like_this_sql: " ~ name ~ " must be an integer >= 1, got " ~ value) }}
{%- endfor -%}
with seen as (
    select distinct
        e.user_id,
        e.text_id
    from {{ events }} as e
),

candidates as (
    select
        p.user_id,
        d.id as text_id,
        d.topic,
        p.preference * d.probability as score
    from {{ preferences }} as p
    inner join {{ dominant_topics }} as d on p.topic = d.topic
    left join seen as s on p.user_id = s.user_id and d.id = s.text_id
    where p.topic_rank <= {{ top_topics }}
        and s.user_id is null
)

select
    r.user_id,
    r.text_id,
    r.topic,
    r.score,
    r.recommendation_rank
from (
    select
        c.user_id,
        c.text_id,
        c.topic,
        c.score,
        row_number() over (partition by c.user_id order by c.score desc, c.text_id) as recommendation_rank
    from candidates as c
) as r
where r.recommendation_rank <= {{ per_user }}
{%- endmacro %}

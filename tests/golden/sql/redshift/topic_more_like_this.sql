with seen as (
    select distinct
        e.user_id,
        e.text_id
    from events as e
),

candidates as (
    select
        p.user_id,
        d.id as text_id,
        d.topic,
        p.preference * d.probability as score
    from preferences as p
    inner join m__dominant_topics as d on p.topic = d.topic
    left join seen as s on p.user_id = s.user_id and d.id = s.text_id
    where p.topic_rank <= 2
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
where r.recommendation_rank <= 3

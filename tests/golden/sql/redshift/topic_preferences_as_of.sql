with reference_time as (
    select cast('2025-12-20 00:00:00' as timestamp) as as_of
),

decayed as (
    select
        e.user_id,
        e.text_id,
        1.0 * power(0.5, (extract(epoch from r.as_of) - extract(epoch from e.event_at)) / 648000.0) as weight
    from events as e
    cross join reference_time as r
    where e.event_at <= r.as_of
),

scores as (
    select
        d.user_id,
        t.topic,
        sum(d.weight * t.probability) as score
    from decayed as d
    inner join m__text_topics as t on d.text_id = t.id
    group by d.user_id, t.topic
),

totals as (
    select
        s.user_id,
        sum(s.score) as total
    from scores as s
    group by s.user_id
)

select
    s.user_id,
    s.topic,
    s.score / t.total as preference,
    row_number() over (partition by s.user_id order by s.score desc, s.topic) as topic_rank
from scores as s
inner join totals as t on s.user_id = t.user_id
where t.total > 0

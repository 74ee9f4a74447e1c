select
    r.id,
    r.topic,
    r.probability
from (
    select
        t.id,
        t.topic,
        t.probability,
        row_number() over (partition by t.id order by t.probability desc, t.topic) as position
    from m__text_topics as t
) as r
where r.position = 1

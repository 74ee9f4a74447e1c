with words as (
    select
        t.id,
        'w:' || w.token as feature
    from raw.text_tokens as t,
        unnest(string_split(t.tokens, ' ')) as w (token)
    where w.token != ''
),

grams as (
    select
        t.id,
        'c:' || substr(t.normalised, p.pos, g.n) as feature
    from raw.text_tokens as t
    cross join range(1, 4) as g (n)
    cross join lateral (select unnest(range(1, length(t.normalised) - g.n + 2)) as pos) as p
)

select
    id,
    feature,
    cast(count(*) as float) as weight
from (
    select id, feature from words
    union all
    select id, feature from grams
) as f
group by id, feature

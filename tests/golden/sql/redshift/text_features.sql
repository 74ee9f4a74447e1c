with digits as (
    select 0 as d
    union all
    select 1
    union all
    select 2
    union all
    select 3
    union all
    select 4
    union all
    select 5
    union all
    select 6
    union all
    select 7
    union all
    select 8
    union all
    select 9
),

texts as (
    select
        t.id,
        t.normalised,
        t.tokens,
        len(t.normalised) as n_chars,
        regexp_count(t.tokens, ' ') + 1 as n_parts
    from "raw"."text_tokens" as t
),

positions as (
    -- only as many as the longest text needs: each text is joined to them by a range (a nested loop)
    select 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d as p
    from digits as d1
    cross join digits as d2
    cross join digits as d3
    cross join digits as d4
    cross join digits as d5
    where 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d
        <= (select greatest(max(n_chars), max(n_parts)) from texts)
),

grams as (
    select
        x.id,
        'w:' || split_part(x.tokens, ' ', p.p) as feature
    from texts as x
    inner join positions as p on p.p <= x.n_parts
    where split_part(x.tokens, ' ', p.p) != ''
    union all
    select
        x.id,
        'c:' || substring(x.normalised, p.p, 1) as feature
    from texts as x
    inner join positions as p on p.p <= x.n_chars - 0
    union all
    select
        x.id,
        'c:' || substring(x.normalised, p.p, 2) as feature
    from texts as x
    inner join positions as p on p.p <= x.n_chars - 1
    union all
    select
        x.id,
        'c:' || substring(x.normalised, p.p, 3) as feature
    from texts as x
    inner join positions as p on p.p <= x.n_chars - 2
)

select
    id,
    feature,
    cast(count(*) as real) as weight
from grams
group by id, feature, len(feature)

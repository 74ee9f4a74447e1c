with per_text as (
    select
        t.id,
        list_aggregate(list_concat(
            list_transform(list_filter(string_split(t.tokens, ' '), lambda w: w != ''), lambda w: 'w:' || w),
            list_transform(range(1, length(t.normalised) - 1 + 2), lambda p: 'c:' || substr(t.normalised, p, 1)),
            list_transform(range(1, length(t.normalised) - 2 + 2), lambda p: 'c:' || substr(t.normalised, p, 2)),
            list_transform(range(1, length(t.normalised) - 3 + 2), lambda p: 'c:' || substr(t.normalised, p, 3))
        ), 'histogram') as counts
    from raw.text_tokens as t
)

select
    id,
    unnest(map_keys(counts)) as feature,
    cast(unnest(map_values(counts)) as float) as weight
from per_text

select
    d.id,
    t.topic,
    d.distribution[t.topic + 1] as probability,
    'v0123456789abcdef' as model_version
from (
    select
        f.id,
        dwhml_topic_distribution(
            '/store/comment_topics/v1',
            list(f.feature order by f.feature),
            list(cast(f.weight as double) order by f.feature)
        ) as distribution
    from word_rows as f
    group by f.id
) as d
cross join (select unnest(range(2)) as topic) as t
where d.distribution is not null

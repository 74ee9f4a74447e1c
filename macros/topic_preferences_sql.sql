{#- Each user's topic preferences from an event log (user_id, text_id, event_at[, weight]) and texts' topic
    distributions (id, topic, probability): every event counts its weight (1 without a weight column) halved
    every `half_life_days` before `as_of` (a timestamp literal; default the log's newest event), spread over
    the text's topics by their probabilities; each user's scores normalised to sum to 1. Events after as_of,
    and events on texts without topics (rejected), do not count. Returns (user_id, topic, preference,
    topic_rank), topic_rank 1 for the user's strongest topic (ties to the lower topic). Engine-neutral but
    for the epoch fragment; golden-tested per dialect and checked against NumPy (docs/topics.md). -#}
{% macro topic_preferences_sql(events, text_topics, half_life_days=30, as_of=none, weight_column=none) -%}
{%- if half_life_days is not number or half_life_days <= 0 -%}
  {{ exceptions.raise_compiler_error("dwhml.topic_preferences_sql: half_life_days must be a number > 0, got " ~ half_life_days) }}
{%- endif -%}
{%- set weight = 'e.' ~ dwhml.quote_identifier(weight_column, 'weight_column of topic_preferences_sql') if weight_column else '1.0' -%}
with reference_time as (
    {%- if as_of %}
    select cast({{ dwhml.string_literal(as_of) }} as timestamp) as as_of
    {%- else %}
    select max(l.event_at) as as_of
    from {{ events }} as l
    {%- endif %}
),

decayed as (
    select
        e.user_id,
        e.text_id,
        {{ weight }} * power(0.5, ({{ dwhml.epoch_seconds('r.as_of') }} - {{ dwhml.epoch_seconds('e.event_at') }}) / {{ (half_life_days * 86400) | float }}) as weight
    from {{ events }} as e
    cross join reference_time as r
    where e.event_at <= r.as_of
),

scores as (
    select
        d.user_id,
        t.topic,
        sum(d.weight * t.probability) as score
    from decayed as d
    inner join {{ text_topics }} as t on d.text_id = t.id
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
{%- endmacro %}

{#- Each text's dominant topic from a (id, topic, probability) relation: the most probable topic, ties to the
    lower topic number. Engine-neutral; golden-tested per dialect. -#}
{% macro dominant_topic_sql(text_topics) -%}
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
    from {{ text_topics }} as t
) as r
where r.position = 1
{%- endmacro %}

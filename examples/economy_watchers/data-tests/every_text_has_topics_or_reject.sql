-- Nothing lost: every comment comment_topics read has a topic distribution or a reject with its reason, not
-- both, not neither; and every distribution sums to 1 (rows returned here fail the test).
{%- set text_topics = dwhml.model_table(ref('comment_topics'), 'text_topics') %}
{{ dwhml.nothing_lost(
    "(select distinct r.id from (" ~ text_feature_rows(none, words_only=true) ~ ") as r)",
    "(select distinct d.id from " ~ text_topics ~ " as d)",
    dwhml.model_table(ref('comment_topics'), 'topic_rejects')) }}
union all
select s.id
from {{ text_topics }} as s
group by s.id
having abs(sum(s.probability) - 1) > 1e-9

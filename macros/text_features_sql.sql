{#- (id, feature, weight) from (id, normalised, tokens): words as 'w:<token>', character n-grams
    (1..max_n) of the normalised text as 'c:<gram>', weight = count in the text. -#}
{% macro text_features_sql(tokens_relation, max_n=3) %}
  {{ return(adapter.dispatch('text_features_sql', 'dwhml')(tokens_relation, max_n)) }}
{% endmacro %}

{% macro default__text_features_sql(tokens_relation, max_n) %}
  {{ exceptions.raise_compiler_error("dwhml.text_features_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__text_features_sql(tokens_relation, max_n) -%}
with words as (
    select
        t.id,
        'w:' || w.token as feature
    from {{ tokens_relation }} as t,
        unnest(string_split(t.tokens, ' ')) as w (token)
    where w.token != ''
),

grams as (
    select
        t.id,
        'c:' || substr(t.normalised, p.pos, g.n) as feature
    from {{ tokens_relation }} as t
    cross join range(1, {{ max_n + 1 }}) as g (n)
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
{%- endmacro %}

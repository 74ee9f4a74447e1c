{#- Body of an incremental topics model (unique_key='id', delete+insert): the topics (dwhml.topics) of the rows
    of `input` whose id the current version of `model` has not assigned yet; a new version assigns every text
    again. Texts with no topic (LDA: no word of the vocabulary) are tried again on the next run. -#}
{% macro incremental_topics(model, input) -%}
with to_assign as (
{{ dwhml.rows_not_done_sql(model, input) }}
)

{{ dwhml.topics(model, 'to_assign') }}
{%- endmacro %}

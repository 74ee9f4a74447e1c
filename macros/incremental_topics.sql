{#- Body of an incremental topics model (unique_key='id', delete+insert): the topics (dwhml.topics) of the rows
    of `input` whose id the current version of `model` has not assigned yet; a new version assigns every text
    again. Texts with no topic (LDA: no word of the vocabulary) are tried again on the next run. -#}
{% macro incremental_topics(model, input) -%}
{%- set version = dwhml.model_info(model).model_version -%}
with to_assign as (
    select *
    from {{ input }} as src
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as done
        where done.id = src.id and done.model_version = {{ dwhml.string_literal(version) }}
    )
    {%- endif %}
)

{{ dwhml.topics(model, 'to_assign') }}
{%- endmacro %}

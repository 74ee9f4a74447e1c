{#- Each input text's topics under a topic model's current version, as (id, topic, <measure>, model_version):
    k-means assigns rows of the model's vector columns to the nearest centroid by a join in plain SQL on every
    target (squared_distance); LDA infers each text's topic distribution from its (id, feature, weight) rows
    (probability, one row per topic; texts with no word of the version's vocabulary get none), where the
    engine can run the inference (lda_topics_sql). -#}
{% macro topics(model, input_relation) %}
  {%- if not execute -%}
    {#- Parsing: the model's version is not known yet. -#}
    {{ return('select cast(null as ' ~ dbt.type_string() ~ ') as id, 0 as topic') }}
  {%- endif -%}
  {%- set info = dwhml.model_info(model) -%}
  {%- if info.problem_type != 'topic_model' -%}
    {{ exceptions.raise_compiler_error("dwhml.topics: " ~ model ~ " is a " ~ info.problem_type ~ " model, not a topic_model; use dwhml.predict") }}
  {%- endif -%}
  {%- if info.model_type == 'kmeans' -%}
    {{ return(dwhml.nearest_centroid_sql(info, input_relation, dwhml.model_table(info.relation, 'centroids'))) }}
  {%- endif -%}
  {{ return(dwhml.lda_topics_sql(info, input_relation)) }}
{% endmacro %}

{% macro lda_topics_sql(info, input_relation) %}
  {{ return(adapter.dispatch('lda_topics_sql', 'dwhml')(info, input_relation)) }}
{% endmacro %}

{% macro default__lda_topics_sql(info, input_relation) %}
  {{ exceptions.raise_compiler_error("dwhml.lda_topics_sql is not implemented for adapter " ~ adapter.type() ~ ": no SQL here runs LDA inference; the fit's texts are in " ~ info.model_name ~ "__text_topics, and `dwhml infer-topics --target " ~ adapter.type() ~ " --model <schema>." ~ info.model_name ~ " --rows <word rows> --into <table>` writes the topics of new texts (docs/topics.md)") }}
{% endmacro %}

{#- DuckDB: the plugin's dwhml_topic_distribution infers each text's distribution as the fit inferred its held-out
    texts (the same text, the same distribution), then one row per topic. -#}
{% macro duckdb__lda_topics_sql(info, input_relation) -%}
select
    d.id,
    t.topic,
    d.distribution[t.topic + 1] as probability,
    {{ dwhml.string_literal(info.model_version) }} as model_version
from (
    select
        f.id,
        dwhml_topic_distribution(
            {{ dwhml.string_literal(info.artifact_location) }},
            list(f.feature order by f.feature),
            list(cast(f.weight as double) order by f.feature)
        ) as distribution
    from {{ input_relation }} as f
    group by f.id
) as d
cross join (select unnest(range({{ info.hyperparameters.num_topics | int }})) as topic) as t
where d.distribution is not null
{%- endmacro %}

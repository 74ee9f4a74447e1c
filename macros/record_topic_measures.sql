{#- Append a topic model version's measures (coherence, perplexity, dispersion, silhouette: what its trainer
    returned as `metrics`) to the metrics history that model_metrics reads, once per version. -#}
{% macro record_topic_measures(info) %}
  {%- set select = dwhml.topic_measures_sql(info, info.get('metrics') or {}) -%}
  {%- if select -%}
    {%- do run_query(dwhml.evaluation_insert_sql('metrics', info, select)) -%}
  {%- endif -%}
{% endmacro %}

{#- The history rows of the numeric measures, by name (lists such as cluster sizes stay in the artifact's
    meta.json). Pure: golden-tested. -#}
{% macro topic_measures_sql(info, measures) -%}
{%- set numbers = [] -%}
{%- for name, value in measures | dictsort if value is number and value is not sameas true and value is not sameas false and value == value -%}
  {%- do numbers.append((name, value)) -%}
{%- endfor -%}
{%- for name, value in numbers -%}
select
    {{ dwhml.string_literal(info.model_name) }} as model_name,
    {{ dwhml.string_literal(info.model_version) }} as model_version,
    'topic_model' as problem_type,
    {{ dwhml.text_literal(none) }} as target,
    {{ dwhml.string_literal(name) }} as metric,
    {{ dwhml.number_literal(value) }} as value,
    {{ dbt.current_timestamp() }} as evaluated_at
{%- if not loop.last %}
union all
{% endif -%}
{%- endfor -%}
{%- endmacro %}

{#- (id, feature, weight) from (id, normalised, tokens): words as 'w:<token>', character n-grams
    (1..max_n) of the normalised text as 'c:<gram>', weight = count in the text. -#}
{% macro text_features_sql(tokens_relation, max_n=3) %}
  {{ return(adapter.dispatch('text_features_sql', 'dwhml')(tokens_relation, max_n)) }}
{% endmacro %}

{% macro default__text_features_sql(tokens_relation, max_n) %}
  {{ exceptions.raise_compiler_error("dwhml.text_features_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: each text's features counted within its own row (list histogram), so the build streams
    row by row; a global GROUP BY (id, feature) ran out of memory at 3M short texts (18.8 GiB). -#}
{% macro duckdb__text_features_sql(tokens_relation, max_n) -%}
with per_text as (
    select
        t.id,
        list_aggregate(list_concat(
            list_transform(list_filter(string_split(t.tokens, ' '), lambda w: w != ''), lambda w: 'w:' || w)
            {%- for n in range(1, max_n + 1) %},
            list_transform(range(1, length(t.normalised) - {{ n }} + 2), lambda p: 'c:' || substr(t.normalised, p, {{ n }}))
            {%- endfor %}
        ), 'histogram') as counts
    from {{ tokens_relation }} as t
)

select
    id,
    unnest(map_keys(counts)) as feature,
    cast(unnest(map_values(counts)) as float) as weight
from per_text
{%- endmacro %}

{#- Redshift and BigQuery: the sparse models that read text features are trained by the DuckDB plugin
    only, and text_features is disabled there (dbt_project.yml); parsing still renders it, so only running fails. -#}
{% macro redshift__text_features_sql(tokens_relation, max_n) %}
  {{ return(dwhml.text_features_not_here()) }}
{% endmacro %}

{% macro bigquery__text_features_sql(tokens_relation, max_n) %}
  {{ return(dwhml.text_features_not_here()) }}
{% endmacro %}

{% macro text_features_not_here() %}
  {%- if execute -%}
    {{ exceptions.raise_compiler_error("dwhml.text_features_sql: the sparse models are DuckDB-only (docs/redshift.md, docs/bigquery.md)") }}
  {%- endif -%}
  {{ return('select 1 as id') }}
{% endmacro %}

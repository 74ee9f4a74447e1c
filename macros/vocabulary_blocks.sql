{#- The block names (feature prefixes: 'w', 'c') of a linear model's vocabulary table, sorted: the columns of
    sparse_linear_sql's one-pass scoring of every id. Plain SQL on every target. -#}
{% macro vocabulary_blocks(vocabulary_relation) %}
  {%- if not execute -%}{{ return([]) }}{%- endif -%}
  {%- set result = run_query(dwhml.vocabulary_blocks_sql(vocabulary_relation)) -%}
  {{ return(result.columns[0].values() | list) }}
{% endmacro %}

{% macro vocabulary_blocks_sql(vocabulary_relation) -%}
select distinct block from {{ vocabulary_relation }} order by block
{%- endmacro %}

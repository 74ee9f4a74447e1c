{#- GROUP BY key(s) of a text expression that keep values differing only in trailing spaces apart (see
    same_text). -#}
{% macro text_group_key(expression) %}
  {{ return(adapter.dispatch('text_group_key', 'dwhml')(expression)) }}
{% endmacro %}

{% macro default__text_group_key(expression) %}
  {{ exceptions.raise_compiler_error("dwhml.text_group_key is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__text_group_key(expression) %}{{ return(expression) }}{% endmacro %}

{% macro redshift__text_group_key(expression) %}{{ return(expression ~ ', len(' ~ expression ~ ')') }}{% endmacro %}

{% macro bigquery__text_group_key(expression) %}{{ return(expression) }}{% endmacro %}

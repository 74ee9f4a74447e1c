{#- A SQL string literal with the target's escaping (BigQuery also escapes backslashes). -#}
{% macro string_literal(value) %}
  {%- if value is none -%}{{ return('null') }}{%- endif -%}
  {{ return(adapter.dispatch('string_literal', 'dwhml')(value | string)) }}
{% endmacro %}

{% macro default__string_literal(value) %}
  {{ exceptions.raise_compiler_error("dwhml.string_literal is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__string_literal(value) %}{{ return("'" ~ value.replace("'", "''") ~ "'") }}{% endmacro %}

{% macro redshift__string_literal(value) %}{{ return("'" ~ value.replace("\\", "\\\\").replace("'", "''") ~ "'") }}{% endmacro %}

{% macro bigquery__string_literal(value) %}{{ return("'" ~ value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") ~ "'") }}{% endmacro %}

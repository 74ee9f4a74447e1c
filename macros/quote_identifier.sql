{#- Validate a plain SQL name (letters, digits, underscore) and return it quoted for the target. -#}
{% macro quote_identifier(name, what='identifier') %}
  {%- if name is not string or not modules.re.match('^[A-Za-z_][A-Za-z0-9_]*$', name) -%}
    {{ exceptions.raise_compiler_error("dwhml: invalid " ~ what ~ " " ~ (name | string) ~ ": use letters, digits and _") }}
  {%- endif -%}
  {{ return(adapter.dispatch('quote_identifier', 'dwhml')(name)) }}
{% endmacro %}

{% macro default__quote_identifier(name) %}
  {{ exceptions.raise_compiler_error("dwhml.quote_identifier is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__quote_identifier(name) %}{{ return('"' ~ name ~ '"') }}{% endmacro %}

{% macro redshift__quote_identifier(name) %}{{ return('"' ~ name | lower ~ '"') }}{% endmacro %}

{% macro bigquery__quote_identifier(name) %}{{ return('`' ~ name ~ '`') }}{% endmacro %}

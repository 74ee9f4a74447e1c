{#- The 8-byte float type name (dbt.type_float() is 4-byte FLOAT on DuckDB). -#}
{% macro float_type() %}
  {{ return(adapter.dispatch('float_type', 'dwhml')()) }}
{% endmacro %}

{% macro default__float_type() %}
  {{ exceptions.raise_compiler_error("dwhml.float_type is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__float_type() %}{{ return('double precision') }}{% endmacro %}

{% macro redshift__float_type() %}{{ return('double precision') }}{% endmacro %}

{% macro bigquery__float_type() %}{{ return('float64') }}{% endmacro %}

{#- Columns of a SELECT as [{name, type, is_numeric, is_text}], without running it. -#}
{% macro describe_query(sql) %}
  {{ return(adapter.dispatch('describe_query', 'dwhml')(sql)) }}
{% endmacro %}

{% macro default__describe_query(sql) %}
  {{ exceptions.raise_compiler_error("dwhml.describe_query is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__describe_query(sql) %}
  {%- set numeric = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER',
                     'UBIGINT', 'FLOAT', 'DOUBLE', 'BOOLEAN'] -%}
  {%- set result = run_query('describe ' ~ sql) -%}
  {%- set columns = [] -%}
  {%- for row in result.rows -%}
    {%- set type = row[1] | upper -%}
    {%- do columns.append({'name': row[0], 'type': type,
                           'is_numeric': type in numeric or type.startswith('DECIMAL'),
                           'is_text': type == 'VARCHAR'}) -%}
  {%- endfor -%}
  {{ return(columns) }}
{% endmacro %}

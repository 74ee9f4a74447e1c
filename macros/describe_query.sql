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

{#- Redshift: the column types of the statement's result (dbt runs it with `where false limit 0`;
    redshift_connector names VARCHAR 'STRING', spelled back as varchar for DDL). -#}
{% macro redshift__describe_query(sql) %}
  {%- set numeric = ['smallint', 'integer', 'bigint', 'int2', 'int4', 'int8', 'real', 'float4', 'float8', 'float',
                     'double precision', 'double', 'boolean', 'bool'] -%}
  {%- set text = ['varchar', 'character varying', 'char', 'character', 'bpchar', 'text', 'nchar', 'nvarchar'] -%}
  {%- set columns = [] -%}
  {%- for column in get_column_schema_from_query(sql) -%}
    {%- set type = 'varchar' if column.dtype | lower == 'string' else column.dtype | lower -%}
    {%- set base = type.split('(')[0] | trim -%}
    {%- do columns.append({'name': column.name, 'type': type | upper,
                           'is_numeric': base in numeric or base in ['numeric', 'decimal'],
                           'is_text': base in text}) -%}
  {%- endfor -%}
  {{ return(columns) }}
{% endmacro %}

{#- BigQuery: the result schema of the statement (dbt reads it without scanning: `where false limit 0`). -#}
{% macro bigquery__describe_query(sql) %}
  {%- set numeric = ['int64', 'integer', 'float64', 'float', 'numeric', 'bignumeric', 'bool', 'boolean'] -%}
  {%- set columns = [] -%}
  {%- for column in get_column_schema_from_query(sql) -%}
    {%- set type = column.dtype | lower -%}
    {%- do columns.append({'name': column.name, 'type': type | upper, 'is_numeric': type.split('(')[0] in numeric,
                           'is_text': type == 'string'}) -%}
  {%- endfor -%}
  {{ return(columns) }}
{% endmacro %}

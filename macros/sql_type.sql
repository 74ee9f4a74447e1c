{#- A column type by its portable name: text, float (8 bytes), integer (8 bytes), timestamp, boolean. -#}
{% macro sql_type(name) %}
  {{ return(adapter.dispatch('sql_type', 'dwhml')(name)) }}
{% endmacro %}

{% macro default__sql_type(name) %}
  {{ exceptions.raise_compiler_error("dwhml.sql_type is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__sql_type(name) %}
  {{ return({'text': 'varchar', 'float': 'double', 'integer': 'bigint', 'timestamp': 'timestamp', 'boolean': 'boolean'}[name]) }}
{% endmacro %}

{#- Redshift's VARCHAR defaults to 256 bytes; labels and names may be longer. -#}
{% macro redshift__sql_type(name) %}
  {{ return({'text': 'varchar(65535)', 'float': 'double precision', 'integer': 'bigint', 'timestamp': 'timestamp', 'boolean': 'boolean'}[name]) }}
{% endmacro %}

{% macro bigquery__sql_type(name) %}
  {{ return({'text': 'string', 'float': 'float64', 'integer': 'int64', 'timestamp': 'timestamp', 'boolean': 'bool'}[name]) }}
{% endmacro %}

{#- CREATE TABLE IF NOT EXISTS from [(name, portable type)] (the registry and the evaluation history). -#}
{% macro create_table_sql(relation, columns) -%}
create table if not exists {{ relation }} (
    {% for name, type in columns %}{{ name }} {{ dwhml.sql_type(type) }}{{ ",\n    " if not loop.last }}{% endfor %}
)
{%- endmacro %}

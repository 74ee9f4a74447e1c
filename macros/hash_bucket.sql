{#- 0..buckets-1 from the first 32 bits of md5(expr): the same split on every target. -#}
{% macro hash_bucket(expr, buckets=100) %}
  {{ return(adapter.dispatch('hash_bucket', 'dwhml')(expr, buckets)) }}
{% endmacro %}

{% macro default__hash_bucket(expr, buckets) %}
  {{ exceptions.raise_compiler_error("dwhml.hash_bucket is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__hash_bucket(expr, buckets) -%}
  (cast(('0x' || left(md5(cast({{ expr }} as varchar)), 8)) as bigint) % {{ buckets }})
{%- endmacro %}

{% macro redshift__hash_bucket(expr, buckets) -%}
  (strtol(left(md5(cast({{ expr }} as varchar)), 8), 16) % {{ buckets }})
{%- endmacro %}

{% macro bigquery__hash_bucket(expr, buckets) -%}
  mod(cast(concat('0x', substr(to_hex(md5(cast({{ expr }} as string))), 1, 8)) as int64), {{ buckets }})
{%- endmacro %}

{#- Seconds since 1970-01-01 of a timestamp expression, as a float: the one date fragment the topic
    preferences need that the dialects spell differently. -#}
{% macro epoch_seconds(expression) %}
  {{ return(adapter.dispatch('epoch_seconds', 'dwhml')(expression)) }}
{% endmacro %}

{% macro default__epoch_seconds(expression) %}
  {{ exceptions.raise_compiler_error("dwhml.epoch_seconds is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__epoch_seconds(expression) %}{{ return('extract(epoch from ' ~ expression ~ ')') }}{% endmacro %}

{#- EXTRACT(EPOCH FROM timestamp) is listed among Redshift's date parts for TIMESTAMP arguments. -#}
{% macro redshift__epoch_seconds(expression) %}{{ return('extract(epoch from ' ~ expression ~ ')') }}{% endmacro %}

{#- UNIX_MICROS keeps sub-second precision (UNIX_SECONDS truncates). -#}
{% macro bigquery__epoch_seconds(expression) %}{{ return('unix_micros(' ~ expression ~ ') / 1000000.0') }}{% endmacro %}

{#- Seconds since 1970-01-01 of a timestamp expression, as a float: the one date fragment the topic
    preferences need that the dialects spell differently. -#}
{% macro epoch_seconds(expression) %}
  {{ return(adapter.dispatch('epoch_seconds', 'dwhml')(expression)) }}
{% endmacro %}

{% macro default__epoch_seconds(expression) %}
  {{ exceptions.raise_compiler_error("dwhml.epoch_seconds is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__epoch_seconds(expression) %}{{ return('extract(epoch from ' ~ expression ~ ')') }}{% endmacro %}

{#- Redshift's date parts list epoch for EXTRACT, which returns INTEGER for a TIMESTAMP: whole seconds, so an
    event's sub-second part is dropped there (at a half-life of h days, a weight off by a factor of at most
    1 - ln 2 / (h * 86400), 2.7e-7 at 30 days). DATE_PART, which keeps fractions, does not take epoch. -#}
{% macro redshift__epoch_seconds(expression) %}{{ return('extract(epoch from ' ~ expression ~ ')') }}{% endmacro %}

{#- UNIX_MICROS keeps sub-second precision (UNIX_SECONDS truncates). -#}
{% macro bigquery__epoch_seconds(expression) %}{{ return('unix_micros(' ~ expression ~ ') / 1000000.0') }}{% endmacro %}

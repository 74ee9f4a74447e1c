{#- Equality of two text expressions that also holds for trailing spaces: feature names such as 'c:a '
    (a character gram ending in a space) and 'c:a' are different features. -#}
{% macro same_text(left, right) %}
  {{ return(adapter.dispatch('same_text', 'dwhml')(left, right)) }}
{% endmacro %}

{% macro default__same_text(left, right) %}
  {{ exceptions.raise_compiler_error("dwhml.same_text is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{% macro duckdb__same_text(left, right) %}{{ return(left ~ ' = ' ~ right) }}{% endmacro %}

{#- r_Character_types: "Trailing spaces in VARCHAR and CHAR values are treated as semantically insignificant
    when values are compared"; LEN counts them for a VARCHAR. -#}
{% macro redshift__same_text(left, right) %}{{ return(left ~ ' = ' ~ right ~ ' and len(' ~ left ~ ') = len(' ~ right ~ ')') }}{% endmacro %}

{% macro bigquery__same_text(left, right) %}{{ return(left ~ ' = ' ~ right) }}{% endmacro %}

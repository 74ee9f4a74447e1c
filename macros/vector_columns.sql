{#- dim_0, dim_1, ... dim_{n-1}: the feature columns of a vectors table. -#}
{% macro vector_columns(n=100, prefix='') %}
  {%- for i in range(n) -%}{{ prefix }}dim_{{ i }}{{ ", " if not loop.last }}{%- endfor -%}
{% endmacro %}

{#- The example's target columns, whatever example_names calls them: a label on every row, 0/1 for the binary task. -#}
{% test example_targets(model) %}
{%- set names = example_names() -%}
select *
from {{ model }}
where {{ names.multiclass_target }} is null or {{ names.binary_target }} not in (0, 1)
{% endtest %}

{#- A multiclass prediction is one of the labels of the examples. -#}
{% test is_an_example_label(model, column_name) %}
select p.{{ column_name }}
from {{ model }} as p
where p.{{ column_name }} not in (select e.{{ example_names().multiclass_target }} from {{ ref('examples') }} as e)
{% endtest %}

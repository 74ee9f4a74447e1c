{#- Generic test: every non-null value of the column lies in [0, 1] (probabilities). -#}
{% test unit_interval(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}

-- Every predicted probability lies in [0, 1].
{%- for m in example_models() %}
select
    '{{ m.predictions.identifier }}' as predictions,
    id,
    predicted_probability
from {{ m.predictions }}
where predicted_probability < 0 or predicted_probability > 1
{% if not loop.last %}union all{% endif %}
{%- endfor %}

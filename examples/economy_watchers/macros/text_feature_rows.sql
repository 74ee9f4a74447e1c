{#- The training SELECT of the example's linear models: each feature row of the texts that have a vector, with
    the text's `target` and whether it is a test row; `words_only` keeps the word rows (w:), the baselines' bag
    of words. -#}
{% macro text_feature_rows(target, words_only=false) -%}
select
    e.{{ target }},
    f.id,
    f.feature,
    f.weight,
    e.split = 'test' as is_test
from {{ ref('text_features') }} as f
inner join {{ ref('training_texts') }} as e on f.id = e.id
{%- if words_only %}
where f.feature like 'w:%'
{%- endif %}
{%- endmacro %}

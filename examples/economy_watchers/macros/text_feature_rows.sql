{#- The training SELECT of the example's linear and topic models: each feature row of the texts that have a
    vector, with the text's `target` (none: a topic model's, without one) and whether it is a test row;
    `words_only` keeps the word rows (w:), the baselines' bag of words and LDA's words. -#}
{% macro text_feature_rows(target, words_only=false) -%}
select
    {%- if target %}
    e.{{ target }},
    {%- endif %}
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

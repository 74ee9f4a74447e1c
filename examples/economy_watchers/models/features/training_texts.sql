{%- set names = example_names() %}
-- Labels and splits of the text-feature models (sparse and both baselines; they train on split 'train' and
-- the quality gate scores 'test'), restricted to texts that have a vector, so text-feature and vector
-- models learn from and are judged on the same rows.
select
    e.id,
    e.text,
    e.{{ names.multiclass_target }},
    e.{{ names.binary_target }},
    e.split
from {{ ref('examples') }} as e
inner join {{ ref('example_vectors') }} as v on e.id = v.id

{%- set names = example_names() %}
-- Texts of the bag-of-words baselines (both splits; the models train on split 'train' and the
-- quality gate scores 'test'), restricted to texts that have a vector, so baselines and vector
-- models learn from and are judged on the same rows.
select
    e.id,
    e.text,
    e.{{ names.multiclass_target }},
    e.{{ names.binary_target }},
    e.split
from {{ ref('examples') }} as e
inner join {{ ref('example_vectors') }} as v on e.id = v.id

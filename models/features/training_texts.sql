-- Training texts of the bag-of-words baselines: the train split, restricted to texts that
-- have a vector, so baselines and vector models learn from the same rows.
select
    e.id,
    e.text,
    e.sector,
    e.is_employment
from {{ ref('examples') }} as e
inner join {{ ref('example_vectors') }} as v on e.id = v.id
where e.split = 'train'

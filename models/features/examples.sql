-- Texts with their labels and a deterministic 80/20 train/test split by id.
select
    t.id,
    t.text,
    l.label as sector,
    case when l.label = '雇用' then 1 else 0 end as is_employment,
    case when {{ dwhml.hash_bucket('t.id') }} < 80 then 'train' else 'test' end as split
from {{ source('raw', 'texts') }} as t
inner join {{ source('raw', 'labels') }} as l on t.id = l.id

-- Nothing lost: each text is either in text_vectors or in text_vector_rejects, not both, not neither.
select t.id
from {{ source('raw', 'texts') }} as t
left join {{ source('raw', 'text_vectors') }} as v on t.id = v.id
left join {{ source('raw', 'text_vector_rejects') }} as r on t.id = r.id
where (v.id is null and r.id is null) or (v.id is not null and r.id is not null)

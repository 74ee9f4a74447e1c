-- Examples that have a vector (texts rejected by the embed step are left out; see raw.text_vector_rejects).
select
    e.id,
    e.sector,
    e.is_employment,
    e.split,
    v.embedding_version,
    {{ dwhml.vector_columns(prefix='v.') }}
from {{ ref('examples') }} as e
inner join {{ source('raw', 'text_vectors') }} as v on e.id = v.id

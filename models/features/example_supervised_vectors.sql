-- Examples with their label-aware vectors (dwhml embed --supervised-labels: trained on the train split only).
select
    e.id,
    e.sector,
    e.is_employment,
    e.split,
    v.embedding_version,
    {{ dwhml.vector_columns(prefix='v.') }}
from {{ ref('examples') }} as e
inner join {{ source('raw', 'text_vectors_supervised') }} as v on e.id = v.id

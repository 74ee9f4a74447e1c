-- Nothing lost: each text is either in text_vectors or in text_vector_rejects, not both, not neither.
{{ dwhml.nothing_lost(source('raw', 'texts'), source('raw', 'text_vectors'), source('raw', 'text_vector_rejects')) }}

-- Nothing lost in the supervised embedding either.
{{ dwhml.nothing_lost(source('raw', 'texts'), source('raw', 'text_vectors_supervised'), source('raw', 'text_vector_supervised_rejects')) }}

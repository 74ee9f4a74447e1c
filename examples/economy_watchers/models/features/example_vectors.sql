-- Examples that have a vector (texts rejected by the embed step are left out; see raw.text_vector_rejects).
{{ examples_with_vectors(source('raw', 'text_vectors')) }}

-- Examples with their label-aware vectors (dwhml embed --supervised-labels: trained on the train split only).
{{ examples_with_vectors(source('raw', 'text_vectors_supervised')) }}

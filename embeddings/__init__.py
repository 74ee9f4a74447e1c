"""dwhml embeddings: Japanese texts to fastText sentence vectors.

Modules of one responsibility each: ``normalise`` (text clean-up),
``tokenize`` (fugashi/MeCab), ``fasttext_model`` (train or load),
``vectors`` (mean of token vectors), ``duckdb_io`` (read/write on DuckDB),
``pipeline`` (the embed run that ties them together).
"""

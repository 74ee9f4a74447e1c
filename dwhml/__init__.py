"""dwhml command line and project-level helpers (the libraries live in embeddings/ and python_udfs/)."""

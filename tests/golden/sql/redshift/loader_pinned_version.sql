select embedding_version, model_path, model_sha256, params, normaliser, dictionary from "raw"."dwhml_embedding_versions" where output = 'raw.text_vectors' order by created_at desc limit 1

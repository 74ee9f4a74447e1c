select count(*) from `dwhml-test`.`raw`.`dwhml_embedding_models` where sha256 = '0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b'

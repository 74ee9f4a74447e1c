select part, data from `dwhml-test`.`raw`.`dwhml_embedding_models` where sha256 = '0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b0a1b' order by part

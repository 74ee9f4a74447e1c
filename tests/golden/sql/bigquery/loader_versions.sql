select distinct embedding_version from `dwhml-test`.`raw`.`text_vectors__fingerprints` limit 2

select src.`id` as id, src.`text` as text from `dwhml-test`.`raw`.`texts` as src

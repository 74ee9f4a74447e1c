delete from `dwhml-test`.`dwhml`.`predictions` where id not in (select id from `dwhml-test`.`dwhml`.`examples`)

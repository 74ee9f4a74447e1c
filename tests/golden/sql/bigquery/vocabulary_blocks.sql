select distinct block from `dwhml-test`.`dwhml`.`m__v0123456789abcdef__vocabulary` order by block

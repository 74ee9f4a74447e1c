create table `dwhml-test`.`dwhml`.`m__v0123456789abcdef__training` as
select label, id, feature, weight from `dwhml-test`.`dwhml`.`features`

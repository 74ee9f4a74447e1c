select * from `dwhml-test`.`dwhml`.`m__v0123456789abcdef__training`

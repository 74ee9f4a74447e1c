select t.table_name
from `dwhml-test`.`dwhml`.INFORMATION_SCHEMA.TABLES as t
where t.table_name in ('m__v0123456789abcdef__training', 'm__v0123456789abcdef__calibration')

select t.table_name
from information_schema.tables as t
where t.table_schema = 'dwhml_ml'
    and t.table_name in ('m__v0123456789abcdef__training', 'm__v0123456789abcdef__calibration')

select count(*) from information_schema.tables where table_schema = 'dwhml_ml' and table_name = 'employment_sparse__v0123456789abcdef__calibration'

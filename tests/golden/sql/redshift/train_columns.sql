select column_name from information_schema.columns where table_schema = 'dwhml_ml' and table_name = 'employment_sparse__v0123456789abcdef__training' order by ordinal_position

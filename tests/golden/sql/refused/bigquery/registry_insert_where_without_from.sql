-- refused: Query without FROM clause cannot have a WHERE clause
-- dwhml before issue 12: the registry insert (record_model_version) had a WHERE without a FROM
insert into `dwhml-test`.`dwhml`.`dwhml_model_registry` (model_name, model_version, status) select 'm', 'v0123456789abcdef', 'promoted' where not exists (select 1 from `dwhml-test`.`dwhml`.`dwhml_model_registry` as r where r.model_name = 'm' and r.model_version = 'v0123456789abcdef' and r.status = 'promoted')

-- refused: which cannot be inserted into column feature_relation, which has type STRING
-- the registry insert as first rewritten for issue 12: a bare NULL in the derived table is INT64
insert into `dwhml-test`.`dwhml`.`dwhml_model_registry` (model_name, feature_relation)
select v.model_name, v.feature_relation
from (select 'm' as model_name, null as feature_relation) as v
where not exists (select 1 from `dwhml-test`.`dwhml`.`dwhml_model_registry` as r where r.model_name = v.model_name)

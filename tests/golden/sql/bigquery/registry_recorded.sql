select count(*) as recorded
from `dwhml-test`.`dwhml`.`dwhml_model_registry` as r
where r.model_name = 'm'
    and r.model_version = 'v0123456789abcdef'
    and r.status in ('promoted', 'not_promoted')

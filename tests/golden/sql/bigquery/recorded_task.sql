select r.task
from `dwhml-test`.`dwhml`.`dwhml_model_registry` as r
where r.model_name = 'm'
    and r.model_version = 'v0123456789abcdef'
order by r.recorded_at desc
limit 1

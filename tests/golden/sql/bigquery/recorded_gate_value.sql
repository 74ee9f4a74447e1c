select r.gate_value
from `dwhml-test`.`dwhml`.`dwhml_model_registry` as r
where r.model_name = 'm'
    and r.model_version = 'v0123456789abcdef'
    and r.gate_metric = 'f1'
    and r.gate_value is not null
order by r.recorded_at desc
limit 1

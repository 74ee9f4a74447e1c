select h.metric, h.value
from `dwhml-test`.`dwhml`.`dwhml_model_metrics` as h
where h.model_name = 'm'
    and h.model_version = 'v0123456789abcdef'

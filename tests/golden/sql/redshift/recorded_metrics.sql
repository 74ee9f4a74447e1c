select h.metric, h.value
from "dev"."dwhml"."dwhml_model_metrics" as h
where h.model_name = 'model'
    and h.model_version = 'v0123456789abcdef'

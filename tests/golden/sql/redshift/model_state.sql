select trim(i.model_state) as model_state
from stv_ml_model_info as i
where trim(i.schema_name) = 'dwhml_ml'
    and trim(i.model_name) = 'model__v0123456789abcdef'

select
    'm' as model_name,
    'v0123456789abcdef' as model_version,
    r.*
from ml.trial_info(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`) as r

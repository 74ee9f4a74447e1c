select
    t.trial_id,
    to_json_string(t.hyperparameters) as parameters,
    to_json_string(t.hparam_tuning_evaluation_metrics) as metrics,
    t.status,
    t.error_message,
    t.is_optimal
from ml.trial_info(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`) as t
order by t.trial_id

-- refused: not-tunable
create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'LOGISTIC_REG',
    input_label_cols = ['label'],
    num_trials = 10,
    learn_rate_strategy = 'CONSTANT',
    learn_rate = hparam_range(0.05, 0.3)
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

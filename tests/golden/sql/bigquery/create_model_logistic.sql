create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'LOGISTIC_REG',
    input_label_cols = ['label'],
    data_split_method = 'NO_SPLIT',
    learn_rate = 0.2,
    l2_reg = 0.1,
    max_iterations = 30,
    learn_rate_strategy = 'CONSTANT'
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

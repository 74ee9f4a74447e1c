-- refused: learn-rate
create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'LOGISTIC_REG',
    input_label_cols = ['label'],
    learn_rate = 0.2
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

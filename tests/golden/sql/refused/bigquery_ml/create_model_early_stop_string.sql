-- refused: option-type
create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'BOOSTED_TREE_REGRESSOR',
    input_label_cols = ['label'],
    early_stop = 'false'
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

-- refused: unknown-option
create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'BOOSTED_TREE_CLASSIFIER',
    input_label_cols = ['label'],
    max_iterations = 100,
    max_bin = 256
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

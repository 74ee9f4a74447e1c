-- refused: not-tunable
create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'BOOSTED_TREE_CLASSIFIER',
    input_label_cols = ['label'],
    num_trials = 10,
    max_iterations = hparam_range(50, 200)
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'BOOSTED_TREE_REGRESSOR',
    input_label_cols = ['label'],
    data_split_method = 'NO_SPLIT',
    l1_reg = 0.5,
    l2_reg = 1.0,
    max_iterations = 50,
    tree_method = 'HIST',
    early_stop = false,
    xgboost_version = '1.1'
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

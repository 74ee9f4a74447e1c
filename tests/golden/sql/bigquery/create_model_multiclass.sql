create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'BOOSTED_TREE_CLASSIFIER',
    input_label_cols = ['label'],
    data_split_method = 'NO_SPLIT',
    max_iterations = 100,
    subsample = 0.8,
    tree_method = 'HIST',
    early_stop = false,
    xgboost_version = '1.1'
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

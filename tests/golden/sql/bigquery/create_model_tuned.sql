create model if not exists `dwhml-test`.`dwhml`.`m__v0123456789abcdef`
options (
    model_type = 'BOOSTED_TREE_CLASSIFIER',
    input_label_cols = ['label'],
    data_split_method = 'AUTO_SPLIT',
    max_iterations = 100,
    tree_method = 'HIST',
    early_stop = false,
    xgboost_version = '1.1',
    num_trials = 20,
    max_parallel_trials = 2,
    hparam_tuning_objectives = ['ROC_AUC'],
    learn_rate = hparam_range(0.01, 0.3),
    subsample = hparam_range(0.5, 1.0),
    max_tree_depth = hparam_candidates([4, 6, 8])
) as
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`

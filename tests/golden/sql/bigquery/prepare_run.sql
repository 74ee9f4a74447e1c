create table if not exists `dwhml-test`.`dwhml`.`dwhml_model_registry` (
    model_name string,
    model_version string,
    trained_at timestamp,
    target string,
    problem_type string,
    model_type string,
    hyperparameters string,
    training_rows int64,
    feature_count int64,
    features string,
    classes string,
    function_name string,
    artifact_location string,
    target_warehouse string,
    status string,
    recorded_at timestamp,
    feature_relation string,
    gate_metric string,
    gate_value float64,
    compared_version string,
    compared_value float64,
    gate_reason string,
    forced bool,
    grants string,
    task string,
    model_database string,
    model_schema string,
    model_identifier string,
    embedding_version string
);
create table if not exists `dwhml-test`.`dwhml`.`dwhml_model_metrics` (
    model_name string,
    model_version string,
    problem_type string,
    target string,
    metric string,
    value float64,
    evaluated_at timestamp
);
create table if not exists `dwhml-test`.`dwhml`.`dwhml_confusion_matrices` (
    model_name string,
    model_version string,
    actual_label string,
    predicted_label string,
    n int64
);
create table if not exists `dwhml-test`.`dwhml`.`dwhml_binary_curves` (
    model_name string,
    model_version string,
    threshold float64,
    tp int64,
    fp int64,
    fn int64,
    tn int64
);
create table if not exists `dwhml-test`.`dwhml`.`dwhml_trials` (
    model_name string,
    model_version string,
    trial_number int64,
    parameters string,
    objective_metric string,
    objective_value float64,
    metrics string,
    duration_seconds float64,
    status string,
    chosen bool,
    learning_curve string,
    fit_rows int64,
    validation_rows int64,
    recorded_at timestamp
);

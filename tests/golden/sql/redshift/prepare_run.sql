create table if not exists "dev"."dwhml"."dwhml_model_registry" (
    model_name varchar(65535),
    model_version varchar(65535),
    trained_at timestamp,
    target varchar(65535),
    problem_type varchar(65535),
    model_type varchar(65535),
    hyperparameters varchar(65535),
    training_rows bigint,
    feature_count bigint,
    features varchar(65535),
    classes varchar(65535),
    function_name varchar(65535),
    artifact_location varchar(65535),
    target_warehouse varchar(65535),
    status varchar(65535),
    recorded_at timestamp,
    feature_relation varchar(65535),
    gate_metric varchar(65535),
    gate_value double precision,
    compared_version varchar(65535),
    compared_value double precision,
    gate_reason varchar(65535),
    forced boolean,
    grants varchar(65535),
    task varchar(65535),
    model_database varchar(65535),
    model_schema varchar(65535),
    model_identifier varchar(65535),
    embedding_version varchar(65535)
);
create schema if not exists "dwhml_ml";
create table if not exists "dev"."dwhml"."dwhml_model_metrics" (
    model_name varchar(65535),
    model_version varchar(65535),
    problem_type varchar(65535),
    target varchar(65535),
    metric varchar(65535),
    value double precision,
    evaluated_at timestamp
);
create table if not exists "dev"."dwhml"."dwhml_confusion_matrices" (
    model_name varchar(65535),
    model_version varchar(65535),
    actual_label varchar(65535),
    predicted_label varchar(65535),
    n bigint
);
create table if not exists "dev"."dwhml"."dwhml_binary_curves" (
    model_name varchar(65535),
    model_version varchar(65535),
    threshold double precision,
    tp bigint,
    fp bigint,
    fn bigint,
    tn bigint
);
create table if not exists "dev"."dwhml"."dwhml_trials" (
    model_name varchar(65535),
    model_version varchar(65535),
    trial_number bigint,
    parameters varchar(65535),
    objective_metric varchar(65535),
    objective_value double precision,
    metrics varchar(65535),
    duration_seconds double precision,
    status varchar(65535),
    chosen boolean,
    learning_curve varchar(65535),
    fit_rows bigint,
    validation_rows bigint,
    recorded_at timestamp
);

insert into `dwhml-test`.`dwhml`.`dwhml_model_registry` (model_name, model_version, trained_at, target, problem_type, model_type, hyperparameters, training_rows, feature_count, features, classes, function_name, artifact_location, target_warehouse, status, recorded_at, feature_relation, gate_metric, gate_value, compared_version, compared_value, gate_reason, forced, grants, task, model_database, model_schema, model_identifier, embedding_version)
select v.model_name, v.model_version, v.trained_at, v.target, v.problem_type, v.model_type, v.hyperparameters, v.training_rows, v.feature_count, v.features, v.classes, v.function_name, v.artifact_location, v.target_warehouse, v.status, v.recorded_at, v.feature_relation, v.gate_metric, v.gate_value, v.compared_version, v.compared_value, v.gate_reason, v.forced, v.grants, v.task, v.model_database, v.model_schema, v.model_identifier, v.embedding_version
from (
    select
        'model' as model_name,
        'v0123456789abcdef' as model_version,
        cast('2026-12-01T00:00:00' as timestamp) as trained_at,
        'label' as target,
        'binary_classification' as problem_type,
        'xgboost' as model_type,
        '{"num_round": 200}' as hyperparameters,
        800 as training_rows,
        2 as feature_count,
        '["dim_0", "dim_1"]' as features,
        '[0, 1]' as classes,
        'fn_model__v0123456789abcdef' as function_name,
        'bigquery-ml://dwhml-test.dwhml.m__v0123456789abcdef' as artifact_location,
        'bigquery' as target_warehouse,
        'promoted' as status,
        current_timestamp() as recorded_at,
        cast(null as string) as feature_relation,
        'f1' as gate_metric,
        cast(0.85 as float64) as gate_value,
        'v00000000000000ff' as compared_version,
        cast(0.84 as float64) as compared_value,
        'it\'s within max_drop 0.02 of v00000000000000ff' as gate_reason,
        false as forced,
        '{"execute": [], "tables": {"select": ["analyst"]}}' as grants,
        cast(null as string) as task,
        cast(null as string) as model_database,
        cast(null as string) as model_schema,
        cast(null as string) as model_identifier,
        cast(null as string) as embedding_version
) as v
where not exists (
    select 1
    from `dwhml-test`.`dwhml`.`dwhml_model_registry` as r
    where r.model_name = v.model_name
        and r.model_version = v.model_version
        and r.status = v.status
        and not exists (
            select 1
            from `dwhml-test`.`dwhml`.`dwhml_model_registry` as later
            where later.model_name = r.model_name
                and later.recorded_at > r.recorded_at
        )
)

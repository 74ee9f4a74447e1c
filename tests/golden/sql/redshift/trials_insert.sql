insert into "dev"."dwhml"."dwhml_trials" (model_name, model_version, trial_number, parameters, objective_metric, objective_value, metrics, duration_seconds, status, chosen, learning_curve, fit_rows, validation_rows, recorded_at)
select v.model_name, v.model_version, v.trial_number, v.parameters, v.objective_metric, v.objective_value, v.metrics, v.duration_seconds, v.status, v.chosen, v.learning_curve, v.fit_rows, v.validation_rows, getdate()
from (
    select
        'm' as model_name,
        'v0123456789abcdef' as model_version,
        1 as trial_number,
        '{"c": 0.5, "min_df": 2}' as parameters,
        'f1' as objective_metric,
        cast(0.81 as double precision) as objective_value,
        '{"f1": 0.81, "roc_auc": 0.9}' as metrics,
        cast(1.25 as double precision) as duration_seconds,
        'completed' as status,
        true as chosen,
        '{"metric": "logloss", "train": [0.6, 0.5], "validation": [0.65, 0.6]}' as learning_curve,
        800 as fit_rows,
        200 as validation_rows
    union all
    select
        'm' as model_name,
        'v0123456789abcdef' as model_version,
        2 as trial_number,
        '{"c": 4.0, "min_df": 1}' as parameters,
        'f1' as objective_metric,
        null as objective_value,
        '{}' as metrics,
        cast(0.5 as double precision) as duration_seconds,
        'failed' as status,
        false as chosen,
        cast(null as TEXT) as learning_curve,
        cast(null as bigint) as fit_rows,
        cast(null as bigint) as validation_rows
) as v
where not exists (
    select 1
    from "dev"."dwhml"."dwhml_trials" as t
    where t.model_name = 'm'
        and t.model_version = 'v0123456789abcdef'
)

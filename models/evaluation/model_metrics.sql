-- Test-split metrics of every promoted version of every ml_model in the project: what the ml_model
-- materialization measured when it evaluated the version for the quality gate, appended once, never
-- overwritten (dwhml_model_metrics also keeps the versions the gate kept out).
select
    h.model_name,
    h.model_version,
    h.problem_type,
    h.target,
    h.metric,
    h.value,
    h.evaluated_at
from {{ dwhml.evaluation_history_relation('metrics') }} as h
where {{ dwhml.promoted_versions_only('h') }}

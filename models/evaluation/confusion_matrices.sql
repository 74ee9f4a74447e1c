-- Test-split confusion matrix of every promoted classifier version, recorded when it was evaluated.
select
    h.model_name,
    h.model_version,
    h.actual_label,
    h.predicted_label,
    h.n
from {{ dwhml.evaluation_history_relation('confusion') }} as h
where {{ dwhml.promoted_versions_only('h') }}

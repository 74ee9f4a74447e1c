-- Test-split ROC / precision-recall points of every promoted binary version, recorded when it was evaluated.
select
    h.model_name,
    h.model_version,
    h.threshold,
    h.tp,
    h.fp,
    h.fn,
    h.tn
from {{ dwhml.evaluation_history_relation('curves') }} as h
where {{ dwhml.promoted_versions_only('h') }}

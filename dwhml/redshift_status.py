"""Wait for Redshift ML models to finish training (the wait step of `dwhml build --target redshift`).

CREATE MODEL returns once the training data is in S3; SageMaker then trains for
minutes to hours. This polls STV_ML_MODEL_INFO (model_state is CHAR(128): trimmed
here) with exponential backoff until the model is ready, fails with the state
Redshift reports, or gives up at a deadline with the command that resumes the
wait. It takes any DB-API cursor; no Redshift client is imported here, and
nothing here has run against a Redshift cluster.

States seen in the AWS documentation's example: 'Model is Ready' and
'Train Model On SageMaker In Progress'. Any state containing 'fail' is a
failure; any other state is treated as still training.
"""
from __future__ import annotations

import dataclasses
import time

from .client_training import pending_sql

READY = "Model is Ready"
STATE_SQL = ("select trim(model_state) from stv_ml_model_info "
             "where trim(schema_name) = %s and trim(model_name) = %s")


class ModelTrainingFailed(RuntimeError):
    pass


class ModelStillTraining(TimeoutError):
    pass


@dataclasses.dataclass(frozen=True)
class Backoff:
    first_seconds: float = 10.0
    factor: float = 1.5
    max_seconds: float = 300.0

    def delays(self):
        delay = self.first_seconds
        while True:
            yield delay
            delay = min(delay * self.factor, self.max_seconds)


def model_state(cursor, schema: str, model: str) -> str | None:
    cursor.execute(STATE_SQL, (schema.lower(), model.lower()))
    rows = cursor.fetchall()
    if len(rows) > 1:
        raise RuntimeError(f"stv_ml_model_info has {len(rows)} rows for {schema}.{model}")
    return rows[0][0].strip() if rows and rows[0][0] is not None else None


def wait_until_ready(cursor, schema: str, model: str, timeout_seconds: float, backoff: Backoff = Backoff(),
                     sleep=time.sleep, clock=time.monotonic, progress=lambda state, waited: None) -> str:
    """Return the ready state, or raise ModelTrainingFailed / ModelStillTraining / LookupError."""
    started = clock()
    delays = backoff.delays()
    while True:
        state = model_state(cursor, schema, model)
        waited = clock() - started
        if state is None:
            raise LookupError(f"Redshift has no model {schema}.{model} (stv_ml_model_info has no row): "
                              "was CREATE MODEL run, and by this user?")
        if state == READY:
            return state
        if "fail" in state.lower():
            raise ModelTrainingFailed(f"Redshift ML model {schema}.{model} failed: {state!r} "
                                      f"(SHOW MODEL {schema}.{model} tells why)")
        progress(state, waited)
        delay = next(delays)
        if waited + delay > timeout_seconds:
            raise ModelStillTraining(
                f"Redshift ML model {schema}.{model} is still training after {waited:.0f}s ({state!r}); "
                f"it keeps training in SageMaker. Resume waiting with `dwhml wait-models --target redshift "
                f"--model {schema}.{model}`; nothing downstream runs until it is ready.")
        sleep(delay)


# Redshift ML's versions recorded as training and not yet gated (the others are fitted on the client).
PENDING_SQL = pending_sql("r.model_schema, r.model_identifier", "= 'xgboost'", "{registry}")


def pending_models(cursor, registry: str) -> list[str]:
    """'schema.model' of every Redshift ML version recorded as training (the registry's model_schema,
    model_identifier)."""
    cursor.execute(PENDING_SQL.format(registry=registry))
    return sorted(f"{schema}.{model}" for schema, model in cursor.fetchall())


def wait_for_models(cursor, models: list[str], timeout_seconds: float, backoff: Backoff = Backoff(),
                    sleep=time.sleep, clock=time.monotonic, progress=lambda model, state, waited: None) -> list[str]:
    """Wait for each 'schema.model' within one shared deadline; the first failure or the deadline raises."""
    started = clock()
    for qualified in models:
        schema, _, model = qualified.partition(".")
        if not model:
            raise ValueError(f"--model must be schema.model, got {qualified!r}")
        remaining = timeout_seconds - (clock() - started)
        wait_until_ready(cursor, schema, model, max(remaining, 0.0), backoff, sleep=sleep, clock=clock,
                         progress=lambda state, waited, m=qualified: progress(m, state, waited))
    return models

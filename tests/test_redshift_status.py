"""The Redshift ML training wait, against a scripted cursor (no cluster is reachable)."""
import pytest

from dwhml.build import build
from dwhml.cli import main
from dwhml.redshift_status import (READY, Backoff, ModelStillTraining, ModelTrainingFailed, STATE_SQL, pending_models,
                                   wait_for_models,
                                   wait_until_ready)

IN_PROGRESS = "Train Model On SageMaker In Progress"


class ScriptedCursor:
    """Answers each status query with the next scripted model_state (CHAR(128): space-padded)."""

    def __init__(self, states):
        self.states = list(states)
        self.queries = []

    def execute(self, sql, params):
        self.queries.append((sql, params))
        self._state = self.states.pop(0)

    def fetchall(self):
        return [] if self._state is None else [(self._state.ljust(128),)]


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def _wait(states, timeout=3600, backoff=Backoff(10, 2, 60)):
    cursor, clock = ScriptedCursor(states), FakeClock()
    result = wait_until_ready(cursor, "Public", "Employment_V1", timeout, backoff, sleep=clock.sleep, clock=clock)
    return result, cursor, clock


def test_training_then_ready_backs_off_and_queries_the_trimmed_lowercase_name():
    result, cursor, clock = _wait([IN_PROGRESS, IN_PROGRESS, IN_PROGRESS, READY])
    assert result == READY
    assert clock.sleeps == [10, 20, 40]
    assert cursor.queries == [(STATE_SQL, ("public", "employment_v1"))] * 4


def test_failed_model_fails_with_the_state():
    with pytest.raises(ModelTrainingFailed, match="Model Training Failed"):
        _wait([IN_PROGRESS, "Model Training Failed"])


def test_still_training_at_the_deadline_says_how_to_resume():
    with pytest.raises(ModelStillTraining, match="dwhml wait-models --target redshift --model Public.Employment_V1"):
        _wait([IN_PROGRESS] * 10, timeout=100)


def test_resuming_attaches_to_a_model_already_ready_without_sleeping():
    result, _, clock = _wait([READY])
    assert result == READY and clock.sleeps == []


def test_unknown_model_is_a_lookup_error():
    with pytest.raises(LookupError, match="no model Public.Employment_V1"):
        _wait([None])


def test_backoff_is_capped():
    delays = Backoff(10, 3, 50).delays()
    assert [next(delays) for _ in range(4)] == [10, 30, 50, 50]


class RegistryCursor(ScriptedCursor):
    """Answers the pending-versions query with registry rows, then status queries as scripted."""

    def __init__(self, pending, states):
        super().__init__(states)
        self.pending = pending

    def execute(self, sql, params=None):
        if sql.startswith("select distinct r.model_schema, r.model_identifier"):
            self.queries.append((sql, params))
            self._rows = [tuple(a.split(".")) for a in self.pending]
        else:
            super().execute(sql, params)
            self._rows = None

    def fetchall(self):
        return self._rows if self._rows is not None else super().fetchall()


def test_pending_models_are_the_recorded_trainings_not_yet_gated():
    cursor = RegistryCursor(["dwhml.sector__v2", "dwhml.employment__v1"], [])
    assert pending_models(cursor, "dwhml.dwhml_model_registry") == ["dwhml.employment__v1", "dwhml.sector__v2"]
    sql = cursor.queries[0][0]
    assert "status = 'training'" in sql and "status in ('promoted', 'not_promoted')" in sql
    assert "model_identifier is not null" in sql  # only a warehouse's model object can be waited for


def test_wait_for_models_shares_one_deadline_and_stops_at_the_first_failure():
    cursor, clock = ScriptedCursor([IN_PROGRESS, READY, IN_PROGRESS, IN_PROGRESS, IN_PROGRESS]), FakeClock()
    with pytest.raises(ModelStillTraining) as info:
        wait_for_models(cursor, ["dwhml.a__v1", "dwhml.b__v1"], 50, Backoff(10, 2, 60), sleep=clock.sleep, clock=clock)
    assert clock.sleeps == [10, 10, 20]  # a: 10 s; b gets the remaining 40 s: 10 + 20, the next 40 would pass it
    assert "dwhml wait-models --target redshift --model dwhml.b__v1" in str(info.value)
    failing = ScriptedCursor(["Model Failed: bad hyperparameter".ljust(20)])
    with pytest.raises(ModelTrainingFailed, match="bad hyperparameter"):
        wait_for_models(failing, ["dwhml.a__v1", "dwhml.b__v1"], 50, sleep=clock.sleep, clock=clock)
    assert len(failing.queries) == 1


def test_build_submits_waits_then_builds_and_stops_when_the_wait_fails():
    calls = []

    def run_dbt(*args):
        calls.append(args[0])
        return 0

    assert build("redshift", run_dbt, lambda: calls.append("wait")) == 0
    assert calls == ["run", "wait", "build"]

    calls.clear()

    def fail():
        calls.append("wait")
        raise ModelTrainingFailed("x")

    with pytest.raises(ModelTrainingFailed):
        build("redshift", run_dbt, fail)
    assert calls == ["run", "wait"]

    calls.clear()
    assert build("redshift", lambda *a: calls.append(a[0]) or 1, lambda: calls.append("wait")) == 1
    assert calls == ["run"]
    calls.clear()
    assert build("duckdb", run_dbt, lambda: calls.append("wait")) == 0
    assert calls == ["build"]


def test_submit_step_passes_the_submit_only_var_to_the_ml_model_nodes_only():
    seen = []
    build("redshift", lambda *a: seen.append(a) or 0, lambda: None)
    assert seen[0] == ("run", "--select", "config.materialized:ml_model", "--vars", '{"dwhml_submit_only": true}')
    assert seen[1] == ("build",)


def test_wait_models_without_connection_settings_names_what_is_missing(monkeypatch, capsys):
    for name in ("DWHML_REDSHIFT_HOST", "DWHML_REDSHIFT_DATABASE", "DWHML_REDSHIFT_USER"):
        monkeypatch.delenv(name, raising=False)
    assert main(["wait-models", "--target", "redshift"]) == 1
    assert "set DWHML_REDSHIFT_HOST, DWHML_REDSHIFT_DATABASE, DWHML_REDSHIFT_USER" in capsys.readouterr().err

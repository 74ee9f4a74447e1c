"""The Redshift ML training wait, against a scripted cursor (no cluster is reachable)."""
import pytest

from dwhml.redshift_status import (READY, Backoff, ModelStillTraining, ModelTrainingFailed, STATE_SQL,
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

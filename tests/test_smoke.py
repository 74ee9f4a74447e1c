"""`dwhml smoke`: without credentials it runs nothing and says what to set (so CI never reaches a warehouse);
the step runner reports every step and always cleans up; the Redshift cleanup drops only the scratch schemas
of its own run and its S3 prefix. The warehouse steps themselves have not run here (no account)."""
import subprocess
import sys
from pathlib import Path

from dwhml.smoke import RedshiftSmoke, Smoke, missing_settings, run_smoke

BIN = Path(sys.executable).parent


def test_without_credentials_nothing_runs_and_the_variables_are_named():
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    for target, needed in (("redshift", "DWHML_REDSHIFT_HOST"), ("bigquery", "DWHML_BIGQUERY_PROJECT")):
        done = subprocess.run([str(BIN / "dwhml"), "smoke", "--target", target], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "skipped, nothing run" in done.stdout and needed in done.stdout
    assert missing_settings("redshift", {"DWHML_REDSHIFT_HOST": "h", "DWHML_REDSHIFT_DATABASE": "d",
                                         "DWHML_REDSHIFT_USER": "u", "DWHML_REDSHIFT_S3_BUCKET": "b",
                                         "DWHML_REDSHIFT_IAM": "1"}) == []


def test_a_failed_step_stops_the_rest_and_cleanup_still_runs():
    calls = []

    def step(name, fail=False, skip=False):
        def run():
            calls.append(name)
            if fail:
                raise RuntimeError(f"{name} broke")
            return "skipped: not configured" if skip else f"{name} ok"
        return run

    smoke = Smoke([("load", step("load")), ("grants", step("grants", skip=True)), ("build", step("build", fail=True)),
                   ("score", step("score"))], step("cleanup"))
    assert smoke.run() is False
    assert calls == ["load", "grants", "build", "cleanup"]
    assert [(r.name, r.status) for r in smoke.results] == [
        ("load", "pass"), ("grants", "skip"), ("build", "fail"), ("score", "not run"), ("cleanup", "pass")]
    table = smoke.table()
    assert "RuntimeError: build broke" in table and "not run" in table


def test_run_smoke_prints_the_table_and_fails_when_a_step_fails(monkeypatch):
    class Broken:
        def __init__(self, rows, env):
            pass

        def steps(self):
            return Smoke([("connect", lambda: (_ for _ in ()).throw(ConnectionError("no route")))], lambda: "nothing")

    monkeypatch.setattr("dwhml.smoke.RedshiftSmoke", Broken)
    printed = []
    env = {"DWHML_REDSHIFT_HOST": "h", "DWHML_REDSHIFT_DATABASE": "d", "DWHML_REDSHIFT_USER": "u",
           "DWHML_REDSHIFT_S3_BUCKET": "b", "DWHML_REDSHIFT_PASSWORD": "not-a-secret"}
    assert run_smoke("redshift", 1000, env, out=printed.append) == 1
    assert "ConnectionError: no route" in printed[0] and printed[-1].endswith("FAILED")
    assert not any("not-a-secret" in line for line in printed)


class FakeCursor:
    def __init__(self, log):
        self.log, self.description = log, None

    def execute(self, sql, params=None):
        self.log.append(sql)


class FakeConnection:
    def __init__(self):
        self.log, self.closed = [], False

    def cursor(self):
        return FakeCursor(self.log)

    def close(self):
        self.closed = True


class FakeS3:
    def __init__(self, keys):
        self.keys, self.deleted = keys, []

    def get_paginator(self, name):
        keys = self.keys

        class Pages:
            def paginate(self, Bucket, Prefix):
                return [{"Contents": [{"Key": k} for k in keys if k.startswith(Prefix)]}]
        return Pages()

    def delete_objects(self, Bucket, Delete):
        self.deleted += [o["Key"] for o in Delete["Objects"]]


def test_redshift_cleanup_drops_only_its_own_scratch_schemas_and_prefix():
    smoke = RedshiftSmoke(1000, {"DWHML_REDSHIFT_S3_BUCKET": "bucket", "DWHML_REDSHIFT_S3_PREFIX": "dwhml/embed"})
    smoke.conn = FakeConnection()
    run = smoke.run_id
    smoke.s3 = FakeS3([f"dwhml/embed/{run}/load/texts/part_00000.parquet", "dwhml/embed/other-run/x.parquet",
                       "team/data.parquet"])
    detail = smoke.cleanup()
    assert smoke.conn.log == [f'drop schema if exists "dwhml_{run}" cascade', f'drop schema if exists "dwhml_{run}_ml" cascade',
                              f'drop schema if exists "dwhml_{run}_raw" cascade']
    assert smoke.s3.deleted == [f"dwhml/embed/{run}/load/texts/part_00000.parquet"]
    assert smoke.conn.closed and run in detail

"""`dwhml smoke --target redshift|bigquery`: one command that runs the whole loop on a real warehouse, for a
user who has an account (`make smoke-redshift`, `make smoke-bigquery`).

It loads a slice of the bundled sample into scratch schemas (datasets) of its own, embeds it, builds the
warehouse models of the example project (waiting for Redshift ML), scores through the analysts' stable name
(the scores view), checks the grants, prints a table of every step with pass/fail, and always drops what it
created. Without the environment variables it prints what to set and does nothing (exit 0), so CI without
credentials never reaches a warehouse. This module has not run against Redshift or BigQuery here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .settings import CHECKOUT, SAMPLE_CSV, example_project, model_store

REQUIRED = {
    "redshift": ["DWHML_REDSHIFT_HOST", "DWHML_REDSHIFT_DATABASE", "DWHML_REDSHIFT_USER", "DWHML_REDSHIFT_S3_BUCKET"],
    "bigquery": ["DWHML_BIGQUERY_PROJECT"],
}
# The example project's models that train in the warehouse (the others are DuckDB-only).
WAREHOUSE_MODELS = ["employment_classifier", "sector_classifier", "employment_supervised", "sector_supervised"]


def missing_settings(target: str, env=os.environ) -> list[str]:
    missing = [name for name in REQUIRED[target] if not env.get(name)]
    if target == "redshift" and not env.get("DWHML_REDSHIFT_PASSWORD") and env.get("DWHML_REDSHIFT_IAM") != "1":
        missing.append("DWHML_REDSHIFT_PASSWORD (or DWHML_REDSHIFT_IAM=1)")
    return missing


@dataclass
class StepResult:
    name: str
    status: str          # pass, fail, skip, not run
    seconds: float = 0.0
    detail: str = ""


@dataclass
class Smoke:
    """Steps run in order until one fails; `cleanup` runs whatever happened, and is reported too."""
    steps: list[tuple[str, Callable[[], str]]]
    cleanup: Callable[[], str]
    results: list[StepResult] = field(default_factory=list)

    def run(self) -> bool:
        failed = False
        try:
            for name, step in self.steps:
                if failed:
                    self.results.append(StepResult(name, "not run"))
                    continue
                self.results.append(self._timed(name, step))
                failed = self.results[-1].status == "fail"
        finally:
            self.results.append(self._timed("cleanup", self.cleanup))
        return not any(r.status == "fail" for r in self.results)

    @staticmethod
    def _timed(name, step) -> StepResult:
        start = time.monotonic()
        try:
            detail = step() or ""
            status = "skip" if detail.startswith("skipped") else "pass"
        except Exception as error:  # reported in the table; the next steps do not run
            detail, status = f"{type(error).__name__}: {error}", "fail"
        return StepResult(name, status, time.monotonic() - start, detail)

    def table(self) -> str:
        from tabulate import tabulate

        rows = [(r.name, r.status, f"{r.seconds:.1f}s" if r.status != "not run" else "", r.detail[:160])
                for r in self.results]
        return tabulate(rows, headers=["step", "result", "time", "detail"])


def sample_slice(rows: int) -> list[tuple[str, str, str]]:
    """The sample's first `rows` comments by id: (id, text, label), read as load-sample reads it."""
    import duckdb

    from .csv_input import read_csv_rows

    if rows < 600:
        raise ValueError("--rows must be at least 600: Redshift ML trains on at least 500 rows")
    conn = duckdb.connect()
    try:
        read = read_csv_rows(conn, SAMPLE_CSV)
        read.close()
        return conn.execute(f"select id, text, label from {read.select} order by id limit {int(rows)}").fetchall()
    finally:
        conn.close()


def _embed_both(raw: str, embed_one) -> str:
    """Both vector tables of the example project from <raw>.texts (as `make demo`), through the warehouse's
    `embed_one(options)`; the summary of each."""
    from embeddings.pipeline import EmbedOptions

    summaries = []
    for output, rejects, labels in ((f"{raw}.text_vectors", f"{raw}.text_vector_rejects", None),
                                    (f"{raw}.text_vectors_supervised", f"{raw}.text_vector_supervised_rejects",
                                     f"{raw}.labels")):
        summaries.append(embed_one(EmbedOptions(source=f"{raw}.texts", output=output, rejects=rejects,
                                                supervised_labels=labels, tokens=None,
                                                store_dir=os.path.join(model_store(), "fasttext"))))
    return "; ".join(f"read {s.rows_read}, vectors {s.vectors}, rejects {s.rejected}" for s in summaries)


def _check_scores(vectors: int, rows: int, scored: int, versions: int) -> str:
    """The scores view scores every vector with one version."""
    if not (rows == scored == vectors and versions == 1):
        raise RuntimeError(f"the scores view gave {rows} rows, {scored} scored, {versions} versions; {vectors} vectors")
    return f"{rows} rows scored by one version"


SCORES_SQL = "select count(*), count(predicted_label), count(distinct model_version) from {view}"


def _parquet(rows, columns, path: str) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({c: [r[i] for r in rows] for i, c in columns}), path)
    return path


def _dbt(env: dict, *args: str) -> None:
    """One dbt command on the example project; a failure raises with the end of dbt's output."""
    project = example_project()
    if args[0] != "deps" and not (project / "dbt_packages" / "dwhml").exists():
        _dbt(env, "deps")
    command = [str(Path(sys.executable).parent / "dbt"), *args, "--profiles-dir", str(CHECKOUT),
               "--project-dir", str(project)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=CHECKOUT)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise RuntimeError(f"dbt {args[0]} failed: " + " | ".join(tail))


def _select_warehouse_models(downstream: bool) -> list[str]:
    return ["--select", *[f"+{m}+" if downstream else m for m in WAREHOUSE_MODELS]]


class RedshiftSmoke:
    """Scratch schemas <base>_<run> (models), <base>_<run>_ml (Redshift ML models), <base>_<run>_raw (inputs)."""

    def __init__(self, rows: int, env=os.environ):
        self.rows, self.env = rows, dict(env)
        self.run_id = "smoke_" + uuid.uuid4().hex[:8]
        self.schema = f"dwhml_{self.run_id}"
        self.ml_schema, self.raw_schema = self.schema + "_ml", self.schema + "_raw"
        self.bucket = self.env["DWHML_REDSHIFT_S3_BUCKET"]
        self.prefix = f"{self.env.get('DWHML_REDSHIFT_S3_PREFIX', 'dwhml/embed').strip('/')}/{self.run_id}"
        self.role = self.env.get("DWHML_REDSHIFT_IAM_ROLE", "default")
        self.grantee = self.env.get("DWHML_SMOKE_GRANTEE")
        self.conn = self.s3 = None

    def steps(self) -> Smoke:
        return Smoke([("connect", self.connect), ("load a slice of the sample", self.load), ("embed", self.embed),
                      ("build: submit, wait for Redshift ML, build", self.build),
                      ("score through the scores view", self.score), ("grants", self.check_grants)], self.cleanup)

    def _execute(self, sql: str, *params):
        cursor = self.conn.cursor()
        cursor.execute(sql, params or None)
        return cursor.fetchall() if cursor.description else None

    def connect(self) -> str:
        import boto3

        from . import redshift_client

        self.conn, self.s3 = redshift_client.connect(), boto3.client("s3")
        return f"schemas {self.schema}, {self.ml_schema}, {self.raw_schema}"

    def load(self) -> str:
        from embeddings.names import column
        from embeddings.redshift_io import copy_sql

        rows = sample_slice(self.rows)
        self._execute(f"create schema {column(self.raw_schema)}")
        with tempfile.TemporaryDirectory(prefix="dwhml-smoke-") as tmp:
            for table, columns, ddl in (("texts", [(0, "id"), (1, "text")], "id varchar(64), text varchar(65535)"),
                                        ("labels", [(0, "id"), (2, "label")], "id varchar(64), label varchar(256)")):
                path = _parquet(rows, columns, os.path.join(tmp, f"{table}.parquet"))
                key = f"{self.prefix}/load/{table}/part_00000.parquet"
                self.s3.upload_file(path, self.bucket, key)
                self._execute(f"create table {column(self.raw_schema)}.{table} ({ddl})")
                self._execute(copy_sql(f"{self.raw_schema}.{table}", f"s3://{self.bucket}/{self.prefix}/load/{table}/",
                                       self.role))
        count = self._execute(f"select count(*) from {column(self.raw_schema)}.texts")[0][0]
        if count != len(rows):
            raise RuntimeError(f"COPY loaded {count} texts, expected {len(rows)}")
        return f"{count} texts and labels"

    def embed(self) -> str:
        from embeddings.redshift_io import S3Location, embed_redshift

        location = S3Location(bucket=self.bucket, prefix=self.prefix, iam_role=self.role)
        return _embed_both(self.raw_schema, lambda options: embed_redshift(self.conn, self.s3, options, location))

    def build(self) -> str:
        """`dwhml build`'s sequence on the warehouse models: submit, wait for Redshift ML, build."""
        from . import redshift_status
        from embeddings.names import relation

        env = {**self.env, "DWHML_TARGET": "redshift", "DWHML_REDSHIFT_SCHEMA": self.schema,
               "DWHML_REDSHIFT_MODEL_SCHEMA": self.ml_schema}
        project_vars = {"dwhml_raw_schema": self.raw_schema,
                        "dwhml_grant_execute_to": [self.grantee] if self.grantee else []}
        _dbt(env, "run", "--target", "redshift", *_select_warehouse_models(False),
             "--vars", json.dumps({**project_vars, "dwhml_submit_only": True}))
        cursor = self.conn.cursor()
        models = redshift_status.pending_models(cursor, relation(f"{self.schema}.dwhml_model_registry"))
        redshift_status.wait_for_models(cursor, models, float(self.env.get("DWHML_SMOKE_TIMEOUT", "5400")))
        _dbt(env, "build", "--target", "redshift", *_select_warehouse_models(True), "--vars", json.dumps(project_vars))
        return f"{len(models)} trainings waited for; {len(WAREHOUSE_MODELS)} models built"

    def score(self) -> str:
        from embeddings.names import column

        vectors = self._execute(f"select count(*) from {column(self.raw_schema)}.text_vectors")[0][0]
        view = f"{column(self.schema)}.employment_classifier_scores"
        return _check_scores(vectors, *self._execute(SCORES_SQL.format(view=view))[0])

    def check_grants(self) -> str:
        if not self.grantee:
            return "skipped: set DWHML_SMOKE_GRANTEE to a user to grant to"
        usage, select = self._execute(
            "select has_schema_privilege(%s, %s, 'usage'), has_table_privilege(%s, %s, 'select')",
            self.grantee, self.ml_schema, self.grantee, f"{self.schema}.employment_classifier_scores")[0]
        if not (usage and select):
            raise RuntimeError(f"{self.grantee}: usage on {self.ml_schema} {usage}, select on the scores view {select}")
        return f"{self.grantee}: usage on {self.ml_schema}, execute on the models, select on the scores view"

    def cleanup(self) -> str:
        from embeddings.names import column
        from embeddings.redshift_io import _delete_prefix

        dropped = []
        if self.conn is not None:
            for schema in (self.schema, self.ml_schema, self.raw_schema):
                self._execute(f"drop schema if exists {column(schema)} cascade")
                dropped.append(schema)
            self.conn.close()
        if self.s3 is not None:
            _delete_prefix(self.s3, self.bucket, self.prefix + "/")
        if not dropped:
            return "nothing created"
        return "dropped " + ", ".join(dropped) + f"; deleted s3://{self.bucket}/{self.prefix}/"


class BigQuerySmoke:
    """Scratch datasets dwhml_<run> (models, views) and dwhml_<run>_raw (inputs)."""

    def __init__(self, rows: int, env=os.environ):
        self.rows, self.env = rows, dict(env)
        self.run_id = "smoke_" + uuid.uuid4().hex[:8]
        self.dataset, self.raw_dataset = f"dwhml_{self.run_id}", f"dwhml_{self.run_id}_raw"
        self.project = self.env["DWHML_BIGQUERY_PROJECT"]
        self.location = self.env.get("DWHML_BIGQUERY_LOCATION", "US")
        self.grantee = self.env.get("DWHML_SMOKE_GRANTEE")
        self.client = None

    def steps(self) -> Smoke:
        return Smoke([("connect", self.connect), ("load a slice of the sample", self.load), ("embed", self.embed),
                      ("build", self.build), ("score through the scores view", self.score),
                      ("grants", self.check_grants)], self.cleanup)

    def connect(self) -> str:
        from google.cloud import bigquery

        self.client = bigquery.Client(project=self.project, location=self.location)
        for dataset in (self.dataset, self.raw_dataset):
            self.client.create_dataset(bigquery.Dataset(f"{self.project}.{dataset}"))
        return f"datasets {self.dataset}, {self.raw_dataset}"

    def load(self) -> str:
        from embeddings.bigquery_io import load_once

        rows = sample_slice(self.rows)
        with tempfile.TemporaryDirectory(prefix="dwhml-smoke-") as tmp:
            for table, columns in (("texts", [(0, "id"), (1, "text")]), ("labels", [(0, "id"), (2, "label")])):
                path = _parquet(rows, columns, os.path.join(tmp, f"{table}.parquet"))
                load_once(self.client, path, f"{self.project}.{self.raw_dataset}.{table}",
                          f"dwhml_{self.run_id}_load_{table}")
        count = self.client.get_table(f"{self.project}.{self.raw_dataset}.texts").num_rows
        if count != len(rows):
            raise RuntimeError(f"the load job wrote {count} texts, expected {len(rows)}")
        return f"{count} texts and labels"

    def embed(self) -> str:
        from google.cloud import bigquery_storage

        from embeddings.bigquery_io import embed_bigquery

        read_client = bigquery_storage.BigQueryReadClient()
        return _embed_both(self.raw_dataset, lambda options: embed_bigquery(self.client, read_client, options))

    def build(self) -> str:
        env = {**self.env, "DWHML_TARGET": "bigquery", "DWHML_BIGQUERY_DATASET": self.dataset}
        grants = {"roles/bigquery.dataViewer": [self.grantee]} if self.grantee else {}
        _dbt(env, "build", "--target", "bigquery", *_select_warehouse_models(True),
             "--vars", json.dumps({"dwhml_raw_schema": self.raw_dataset, "dwhml_model_grants": grants}))
        return f"{len(WAREHOUSE_MODELS)} models built"

    def score(self) -> str:
        vectors = list(self.client.query(
            f"select count(*) from `{self.project}.{self.raw_dataset}.text_vectors`").result())[0][0]
        counts = list(self.client.query(SCORES_SQL.format(
            view=f"`{self.project}.{self.dataset}.employment_classifier_scores`")).result())[0]
        return _check_scores(vectors, *counts)

    def check_grants(self) -> str:
        if not self.grantee:
            return "skipped: set DWHML_SMOKE_GRANTEE (e.g. user:analyst@example.com) to grant to"
        policy = self.client.get_iam_policy(f"{self.project}.{self.dataset}.employment_classifier")
        members = {m for binding in policy.bindings if binding["role"] == "roles/bigquery.dataViewer"
                   for m in binding["members"]}
        if self.grantee not in members:
            raise RuntimeError(f"{self.grantee} has no roles/bigquery.dataViewer on the info table")
        return f"{self.grantee}: dataViewer on the info table (models: dataset-level IAM, docs/bigquery.md)"

    def cleanup(self) -> str:
        if self.client is None:
            return "nothing created"
        for dataset in (self.dataset, self.raw_dataset):
            self.client.delete_dataset(f"{self.project}.{dataset}", delete_contents=True, not_found_ok=True)
        return f"deleted datasets {self.dataset}, {self.raw_dataset}"


def run_smoke(target: str, rows: int, env=os.environ, out=print) -> int:
    missing = missing_settings(target, env)
    if missing:
        out(f"dwhml smoke --target {target}: skipped, nothing run: set {', '.join(missing)} "
            f"(docs/{target}.md, 'The smoke run'); it creates scratch schemas, trains {len(WAREHOUSE_MODELS)} small "
            "models (billed) and drops everything it created")
        return 0
    smoke = (RedshiftSmoke if target == "redshift" else BigQuerySmoke)(rows, env).steps()
    ok = smoke.run()
    out(smoke.table())
    out(f"dwhml smoke --target {target}: {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1

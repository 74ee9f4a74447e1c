"""The sparse linear model on Redshift's path, executed: dbt keeps the version's training rows and records it
as training (the project's redshift__ macros on DuckDB through tests/redshift_shim), `dwhml wait-models`'
client step UNLOADs them, fits with the plugin's trainer and COPYs the model's tables back (a DuckDB-backed
stand-in for Redshift's SQL, UNLOAD and COPY over a local S3 endpoint, moto), and the next build gates,
promotes and scores it in SQL. Nothing here ran on Redshift."""
import json
from pathlib import Path

import duckdb
import pytest

from dbt_runner import shim_project
from dwhml.redshift_training import pending_versions, train_pending
from embeddings.redshift_io import S3Location
from fake_redshift import FakeRedshift
from redshift_rules import violations
from sparse_shim import MODELS, add_shim_tables, add_training_rows, scores_equal_to_the_reference

pytestmark = pytest.mark.slow
SHIM = Path(__file__).parent / "redshift_shim"
REGISTRY = '"main"."dwhml_model_registry"'


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = shim_project(tmp_path_factory.mktemp("redshift-sparse"), SHIM, MODELS)
    conn = p.connect(read_only=False)
    add_shim_tables(conn, SHIM.name)
    add_training_rows(conn)
    conn.close()
    return p


def _fit(project, s3, store, s3_calls=None):
    conn = duckdb.connect(str(project.database))
    try:
        fake = FakeRedshift(s3_calls or s3, db=conn)
        fitted = train_pending(fake, s3_calls or s3, S3Location(bucket="dwhml-test", prefix="runs"), REGISTRY, str(store))
        return fitted, fake.statements
    finally:
        conn.close()


def _tables(project, schema="main_ml"):
    return sorted(r[0] for r in project.query(
        f"select table_name from information_schema.tables where table_schema = '{schema}'"))


def test_sparse_model_is_fitted_on_the_client_written_back_gated_and_scored(project, s3, tmp_path):
    # 1. dbt build keeps the training rows, records the version as training; nothing downstream runs.
    build = project.dbt("build")
    assert build.returncode != 0 and "waiting for dwhml wait-models" in build.stdout, build.stdout[-3000:]
    (version,) = [r[0] for r in project.query("select model_version from main.dwhml_model_registry where status = 'training'")]
    assert _tables(project) == [f"rs_sparse__{version}__training"]
    train_rows = project.query(f'select count(*) from "main_ml"."rs_sparse__{version}__training"')[0][0]
    assert train_rows == project.query("select count(*) from main.rs_features where not is_test")[0][0]

    # 2. wait-models' client step: UNLOAD -> the plugin's trainer -> COPY back, in one transaction.
    store = tmp_path / "store"
    fitted, statements = _fit(project, s3, store)
    assert fitted == [f"main_ml.rs_sparse__{version}"]
    assert _tables(project) == [f"rs_sparse__{version}__{part}" for part in ("calibration", "coefficients", "vocabulary")]
    assert [s.split(" ")[0] for s in statements if s.startswith(("unload", "copy"))] == ["unload", "copy", "copy", "copy"]
    published = statements[statements.index("begin"):]
    assert [s.split(" ")[0] for s in published] == ["begin", "alter", "alter", "alter", "drop", "commit"] + ["drop"] * 3
    assert s3.list_objects_v2(Bucket="dwhml-test").get("KeyCount", 0) == 0
    assert _fit(project, s3, store)[0] == []  # fitted once: the next run leaves it to dbt

    # 3. The next build attaches: gate on the test rows, promote, grants on its tables, predictions in SQL.
    build = project.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    info = project.query("select model_version, status, gate_metric from main.rs_sparse")[0]
    assert info == (version, "promoted", "f1")
    grants = [r[0] for r in project.query("select statement from main.fake_redshift_log") if r[0].startswith("grant")]
    assert grants == ['grant usage on schema "main_ml" to "analyst"'] + [
        f'grant select on "main_ml"."rs_sparse__{version}__{part}" to "analyst"'
        for part in ("calibration", "coefficients", "vocabulary")] + [
        'grant select on "dwhml"."main"."rs_sparse_scores" to "analyst"']
    scored = scores_equal_to_the_reference(project, store, version)
    # the analysts' stable name: the late-binding scores view over the promoted version's tables
    view = [r[0] for r in project.query("select statement from main.fake_redshift_log") if r[0].startswith("create or replace view")]
    assert len(view) == 1 and view[0].rstrip().endswith("with no schema binding") and violations(view) == []
    assert dict(project.query("select id, predicted_probability from main.rs_sparse_scores")) == scored

    # 4. Unchanged: the next build neither keeps training rows again nor records another version.
    again = project.dbt("build")
    assert again.returncode == 0 and _tables(project)[0].endswith("__calibration")
    assert project.query("select count(distinct model_version) from main.dwhml_model_registry")[0][0] == 1
    conn = duckdb.connect(str(project.database), read_only=True)
    assert pending_versions(conn.cursor(), REGISTRY) == []
    conn.close()


class FailingUploads:
    """The S3 client with its second upload_file failing (a model table's Parquet not reaching S3)."""

    def __init__(self, client):
        self._client, self._uploads = client, 0

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name != "upload_file":
            return attribute

        def upload_file(*args, **kwargs):
            self._uploads += 1
            if self._uploads == 2:
                raise ConnectionError("injected failure of upload_file #2")
            return attribute(*args, **kwargs)
        return upload_file


def test_a_failed_fit_writes_no_model_table_and_keeps_the_training_rows(project, s3, tmp_path):
    project.dbt("build", "--vars", json.dumps({"dwhml_force_retrain": True}))  # a new version, waiting
    (version,) = [r[0] for r in project.query(
        "select model_version from main.dwhml_model_registry where status = 'training' and model_version like '%r%'")]
    with pytest.raises(ConnectionError, match="upload_file #2"):
        _fit(project, s3, tmp_path / "store", s3_calls=FailingUploads(s3))
    assert [t for t in _tables(project) if version in t] == [f"rs_sparse__{version}__training"]
    assert s3.list_objects_v2(Bucket="dwhml-test").get("KeyCount", 0) == 0
    fitted, _ = _fit(project, s3, tmp_path / "store")  # the next attempt starts from the kept rows
    assert fitted == [f"main_ml.rs_sparse__{version}"]
    assert sorted(t for t in _tables(project) if version in t) == [
        f"rs_sparse__{version}__{part}" for part in ("calibration", "coefficients", "vocabulary")]

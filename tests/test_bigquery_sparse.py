"""The sparse linear model on BigQuery's path, executed: dbt keeps the version's training rows and records it
as training (the project's bigquery__ macros on DuckDB through tests/bigquery_shim), `dwhml wait-models`'
client step streams them, fits with the plugin's trainer and loads the model's tables (a DuckDB-backed
stand-in for the BigQuery client, tests/fake_bigquery.py), and the next build gates, promotes and scores
it in SQL. Nothing here ran on BigQuery."""
from pathlib import Path

import duckdb
import pytest

from dbt_runner import shim_project
from dwhml.bigquery_training import pending_versions, train_pending
from fake_bigquery import FakeBigQuery
from sparse_shim import MODEL, MODELS, add_shim_tables, add_training_rows, scores_equal_to_the_reference

pytestmark = pytest.mark.slow
SHIM = Path(__file__).parent / "bigquery_shim"
REGISTRY = "`dwhml`.`main`.`dwhml_model_registry`"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = shim_project(tmp_path_factory.mktemp("bigquery-sparse"), SHIM,
                     dict(MODELS, **{"ml/rs_sparse": MODEL.replace("'grant_execute_to': ['analyst'],", "")}))
    conn = p.connect(read_only=False)
    add_shim_tables(conn, SHIM.name)
    add_training_rows(conn)
    conn.close()
    return p


class FailingLoads(FakeBigQuery):
    """The fake client whose load job into the coefficients table fails (after the vocabulary's succeeded)."""

    def load_table_from_file(self, file_obj, destination, job_id=None, job_config=None):
        if destination.endswith("__coefficients"):
            raise RuntimeError("injected failure of the coefficients load")
        return super().load_table_from_file(file_obj, destination, job_id=job_id, job_config=job_config)


def _fit(project, store, client_class=FakeBigQuery):
    conn = duckdb.connect(str(project.database))
    try:
        client = client_class(db=conn)
        return train_pending(client, object(), REGISTRY, str(store)), client
    finally:
        conn.close()


def _tables(project, version):
    return sorted(r[0] for r in project.query(
        f"select table_name from information_schema.tables where table_schema = 'main' and table_name like '%{version}%'"))


def test_sparse_model_is_fitted_on_the_client_loaded_gated_and_scored(project, tmp_path):
    # 1. dbt build keeps the training rows beside the model (its dataset) and records the version as training.
    build = project.dbt("build")
    assert build.returncode != 0 and "waiting for dwhml wait-models" in build.stdout, build.stdout[-3000:]
    (version,) = [r[0] for r in project.query("select model_version from main.dwhml_model_registry where status = 'training'")]
    assert _tables(project, version) == [f"rs_sparse__{version}__training"]

    # 2. A load failing midway leaves no model table and keeps the training rows.
    store = tmp_path / "store"
    with pytest.raises(RuntimeError, match="coefficients load"):
        _fit(project, store, FailingLoads)
    assert _tables(project, version) == [f"rs_sparse__{version}__training"]

    # 3. wait-models' client step: Storage Read -> the plugin's trainer -> one load job per table.
    fitted, client = _fit(project, store)
    assert fitted == [f"main.rs_sparse__{version}"] and client.loads == 3
    assert _tables(project, version) == [f"rs_sparse__{version}__{part}" for part in ("calibration", "coefficients", "vocabulary")]
    assert _fit(project, store)[0] == []  # fitted once: the next run leaves it to dbt

    # 4. The next build attaches: gate on the test rows, promote, predictions in SQL equal the reference.
    build = project.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    assert project.query("select model_version, status, gate_metric from main.rs_sparse")[0] == (version, "promoted", "f1")
    scored = scores_equal_to_the_reference(project, store, version)
    assert dict(project.query("select id, predicted_probability from main.rs_sparse_scores")) == scored  # the view
    conn = duckdb.connect(str(project.database))
    assert pending_versions(FakeBigQuery(db=conn), REGISTRY) == []
    conn.close()

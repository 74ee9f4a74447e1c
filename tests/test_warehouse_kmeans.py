"""k-means topic models on the warehouses' paths, executed: the project's redshift__ / bigquery__ macros run on
DuckDB through the test-only dispatch shims (tests/redshift_shim, tests/bigquery_shim). The service's training
is stood in for by a fixed partition (the quadrant of the first two features: the shim's ML function on the
Redshift path, its ML.PREDICT / ML.CENTROIDS on the BigQuery path); what is proven is dwhml's part: the CREATE
MODEL statement (checked against the services' documented rules), the centroid table read back and numbered by
size, the measures in SQL (equal to NumPy and scikit-learn on the same rows), publishing, and the same
nearest-centroid assignment as on DuckDB. Nothing here ran on Redshift or BigQuery."""
import hashlib
import textwrap
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import silhouette_score

from bigquery_ml_rules import option_violations
from dbt_runner import shim_project
from python_udfs.topics import nearest_centroid
from redshift_rules import violations

pytestmark = pytest.mark.slow
TESTS = Path(__file__).parent
ROWS = 2600  # > 2,000: the silhouette's hash sample is a part of the rows

MODEL = textwrap.dedent("""\
    {{ config(materialized='ml_model', meta={'dwhml': {
        'problem_type': 'topic_model', 'model_type': 'kmeans', 'function': 'fn_clusters',
        'hyperparameters': {'num_clusters': 4, 'max_iter': 50}, 'data_split_column': 'is_test',
    }}) }}
    select id, dim_0, dim_1, dim_2, is_test from main.km_vectors
""")
ASSIGN = "{{ config(materialized='table') }}\n{{ dwhml.topics(ref('km_model'), 'main.km_new') }}\n"


def _project(tmp_path_factory, shim):
    p = shim_project(tmp_path_factory.mktemp(shim), TESTS / shim, {"ml/km_model": MODEL, "topics/km_assigned": ASSIGN})
    p.env["DWHML_REDSHIFT_S3_BUCKET"] = "dwhml-training"
    conn = p.connect(read_only=False)
    conn.execute("create table main.stv_ml_model_info (schema_name varchar, model_name varchar, model_state varchar)")
    conn.execute("create table main.fake_redshift_log (statement varchar)")
    conn.execute("create table main.fake_bigquery_log (statement varchar)")
    conn.execute("create or replace macro fnv_hash(a) as hash(a) % 1000003, (a, b) as (hash(a) + b) % 1000003")
    conn.execute("create or replace macro farm_fingerprint(x) as (hash(x) % 1000000007)::bigint")
    conn.execute("create or replace macro to_json_string(t) as to_json(t)::varchar")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(ROWS, 3)) + np.where(rng.random((ROWS, 1)) < 0.3, 2.0, 0.0)
    conn.execute("create table main.km_vectors (id varchar, dim_0 double, dim_1 double, dim_2 double, is_test boolean)")
    conn.executemany("insert into main.km_vectors values (?, ?, ?, ?, ?)",
                     [(f"t{i:05d}", *map(float, X[i]), i % 10 == 0) for i in range(ROWS)])
    conn.execute("create table main.km_new as select 'n' || i as id, (i % 7) - 3.0::double as dim_0, (i % 5) - 2.0::double as dim_1, "
                 "(i % 3) - 1.0::double as dim_2 from range(40) as t(i)")
    conn.close()
    return p


def _reference(project):
    """What the measures and the centroid table must be, from the training rows: the shim's partition, its means
    numbered by the size of their nearest-centroid groups, and the measures by NumPy and scikit-learn."""
    rows = project.query("select id, dim_0, dim_1, dim_2 from main.km_vectors order by id")
    ids = [r[0] for r in rows]
    X = np.array([r[1:] for r in rows])
    service = (X[:, 0] > 0).astype(int) + 2 * (X[:, 1] > 0).astype(int)
    labels = sorted(set(service))
    means = np.array([X[service == c].mean(axis=0) for c in labels])
    cluster, distance = nearest_centroid(X, means)
    sizes = np.bincount(cluster, minlength=len(labels))
    order = sorted(range(len(labels)), key=lambda c: (-sizes[c], labels[c]))
    buckets = int(np.ceil(ROWS / 2000))
    sample = np.array([int(hashlib.md5(i.encode()).hexdigest()[:8], 16) % buckets == 0 for i in ids])
    return {"centroids": [(rank, int(sizes[c]), *means[c], labels[c]) for rank, c in enumerate(order)],
            "mean_squared_distance": float(distance.mean()),
            "silhouette": float(silhouette_score(X[sample], cluster[sample])), "silhouette_sample": int(sample.sum()),
            "service_agreement": float(np.mean(np.array(labels)[cluster] == service)), "texts_train": ROWS,
            "clusters": len(labels), "means": means[order]}


def _measures(project, version):
    return dict(project.query("select metric, value from main.dwhml_model_metrics where model_name = 'km_model' "
                              f"and model_version = '{version}'"))


def _check_version(project, version, centroids_table):
    expected = _reference(project)
    got = project.query(f"select cluster, texts, dim_0, dim_1, dim_2, service_cluster from {centroids_table} order by cluster")
    assert [r[:2] for r in got] == [r[:2] for r in expected["centroids"]]
    assert np.allclose([r[2:5] for r in got], [r[2:5] for r in expected["centroids"]], atol=1e-12)
    assert [r[5] for r in got] == [r[5] for r in expected["centroids"]]
    measures = _measures(project, version)
    for name in ("mean_squared_distance", "silhouette", "service_agreement"):
        assert measures[name] == pytest.approx(expected[name], abs=1e-9), name
    for name in ("silhouette_sample", "texts_train", "clusters"):
        assert measures[name] == expected[name], name
    assert 0 < expected["silhouette_sample"] < ROWS
    # Published next to the info table with the version; new texts assigned by the same join as on DuckDB.
    published = project.query("select cluster, model_version from main.km_model__centroids order by cluster")
    assert [r[0] for r in published] == [r[0] for r in got] and {r[1] for r in published} == {version}
    new = project.query("select id, dim_0, dim_1, dim_2 from main.km_new order by id")
    cluster, _ = nearest_centroid(np.array([r[1:] for r in new]), expected["means"])
    assigned = dict((r[0], r[1]) for r in project.query("select id, topic from main.km_assigned"))
    assert assigned == {r[0]: int(c) for r, c in zip(new, cluster)}


@pytest.fixture(scope="module")
def redshift(tmp_path_factory):
    return _project(tmp_path_factory, "redshift_shim")


@pytest.fixture(scope="module")
def bigquery(tmp_path_factory):
    return _project(tmp_path_factory, "bigquery_shim")


def test_redshift_kmeans_submits_waits_then_reads_centroids_back_and_measures(redshift):
    build = redshift.dbt("build")
    assert build.returncode != 0 and "is still training" in build.stdout
    creates = [r[0] for r in redshift.query("select statement from main.fake_redshift_log") if r[0].startswith("create model")]
    assert len(creates) == 1 and violations(creates) == []
    statement = creates[0]
    assert "model_type kmeans" in statement and "\ntarget " not in statement
    assert "hyperparameters default except (K '4', INIT_METHOD 'kmeans++', LOCAL_LLOYD_MAX_ITER '50', LOCAL_LLOYD_NUM_TRIALS '4')" in statement
    # Trained on the features only (no id, no split column), every training row (the split is not held out).
    assert '"id"' not in statement.split("from (", 1)[1].split(") as t")[0].split("select", 1)[1].split("from")[0]
    assert f"max_cells {ROWS * 3}," in statement
    conn = redshift.connect(read_only=False)
    conn.execute("update main.stv_ml_model_info set model_state = 'Model is Ready'")
    conn.close()
    build = redshift.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    version = redshift.query("select model_version from main.km_model")[0][0]
    _check_version(redshift, version, f'main_ml."km_model__{version}__centroids"')
    # Unchanged: nothing submitted again, the measures recorded once.
    assert redshift.dbt("build").returncode == 0
    assert len([r for r in redshift.query("select statement from main.fake_redshift_log") if r[0].startswith("create model")]) == 1
    assert redshift.query("select count(*) from main.dwhml_model_metrics where metric = 'silhouette'")[0][0] == 1


def test_bigquery_kmeans_trains_in_bigquery_ml_and_reads_ml_centroids_back(bigquery):
    build = bigquery.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    log = [r[0] for r in bigquery.query("select statement from main.fake_bigquery_log")]
    creates = [s for s in log if s.startswith("create model")]
    assert len(creates) == 1 and option_violations(creates[0]) == []
    assert ("model_type = 'KMEANS',\n    num_clusters = 4,\n    kmeans_init_method = 'KMEANS++',\n"
            "    standardize_features = false,\n    max_iterations = 50") in creates[0]
    assert any("from ml.centroids(model " in s and "struct(false as standardize)" in s for s in log)
    assert any("from ml.predict(model " in s for s in log)
    version = bigquery.query("select model_version from main.km_model")[0][0]
    _check_version(bigquery, version, f'main."km_model__{version}__centroids"')
    assert bigquery.dbt("build").returncode == 0
    assert len([s for s in (r[0] for r in bigquery.query("select statement from main.fake_bigquery_log")) if s.startswith("create model")]) == 1

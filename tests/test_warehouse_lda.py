"""LDA topic models on the warehouses' paths, executed: dbt keeps a version's word rows and records it as
training (the project's redshift__ / bigquery__ macros on DuckDB through tests/redshift_shim and
tests/bigquery_shim), `dwhml wait-models`' client step reads them (UNLOAD over a local S3 endpoint, moto; the
BigQuery client stand-in, tests/fake_bigquery.py), fits with the plugin's trainer and writes the topic tables
and measures back, and the next build records the measures and publishes the tables beside the info table.
The topics equal the DuckDB trainer's on the same rows. Nothing here ran on Redshift or BigQuery."""
import textwrap
from pathlib import Path

import duckdb
import numpy as np
import pytest

from dwhml import bigquery_training, client_training, redshift_training
from dwhml.bigquery_topic_inference import infer_topics_bigquery
from dwhml.redshift_topic_inference import infer_topics_redshift
from redshift_rules import violations
from dbt_runner import shim_project
from embeddings.redshift_io import S3Location
from fake_bigquery import FakeBigQuery
from fake_redshift import FakeRedshift
from python_udfs import topics
from python_udfs.model_config import hyperparameters
from sparse_shim import add_shim_tables

pytestmark = pytest.mark.slow
TESTS = Path(__file__).parent
HYPERPARAMETERS = {"num_topics": 3, "iterations": 60, "min_df": 2, "max_df": 0.9}
MODEL = textwrap.dedent("""\
    {{ config(materialized='ml_model', meta={'dwhml': {
        'problem_type': 'topic_model', 'model_type': 'lda', 'data_split_column': 'is_test',
        'hyperparameters': %r,
    }}) }}
    select id, feature, weight, is_test from main.lda_words
""" % HYPERPARAMETERS)
GROUPS = [["賃金", "雇用", "求人", "採用", "人手"], ["来客", "売上", "単価", "客足", "販売"],
          ["天候", "猛暑", "台風", "気温", "雨"]]


def _word_rows():
    rng = np.random.default_rng(11)
    rows = []
    for i in range(240):
        group = GROUPS[i % 3]
        words = [group[int(k)] for k in rng.integers(0, 5, size=6)] + [GROUPS[int(rng.integers(0, 3))][0]]
        for word in sorted(set(words)):
            rows.append((f"c{i:03d}", f"w:{word}", float(words.count(word)), i % 6 == 0))
    rows.append(("c999", "w:孤立", 1.0, False))  # no word of the vocabulary (min_df 2): a reject
    return rows


def _project(tmp_path_factory, shim):
    p = shim_project(tmp_path_factory.mktemp(shim), TESTS / shim, {"ml/lda_model": MODEL})
    conn = p.connect(read_only=False)
    add_shim_tables(conn, shim)
    conn.execute("create table main.lda_words (id varchar, feature varchar, weight double, is_test boolean)")
    conn.executemany("insert into main.lda_words values (?, ?, ?, ?)", _word_rows())
    conn.close()
    return p


def _reference(tmp_path):
    """The DuckDB trainer on the same rows: topics.fit_lda with the same hyperparameters and held-out texts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _word_rows()
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"id": [r[0] for r in rows], "feature": [r[1] for r in rows],
                             "weight": [r[2] for r in rows], "held": [r[3] for r in rows]}), path)
    out = tmp_path / "reference"
    out.mkdir()
    _, metrics = topics.fit_lda(str(path), hyperparameters("lda_model", "lda", HYPERPARAMETERS), out, "held")
    return duckdb.sql(f"select id, topic, probability from read_parquet('{out}/text_topics.parquet')").fetchall(), metrics


def _check_published(project, version, tmp_path):
    expected_topics, expected_metrics = _reference(tmp_path)
    got = project.query("select id, topic, probability, model_version from main.lda_model__text_topics")
    assert {r[3] for r in got} == {version}
    assert sorted(r[:2] for r in got) == sorted(r[:2] for r in expected_topics)
    reference = {(r[0], r[1]): r[2] for r in expected_topics}
    assert max(abs(r[2] - reference[(r[0], r[1])]) for r in got) < 1e-12
    # every text with a word of the vocabulary sums to 1; the others are rejects with a reason
    sums = dict(project.query("select id, sum(probability) from main.lda_model__text_topics group by id"))
    assert all(abs(s - 1) < 1e-9 for s in sums.values())
    rejects = project.query("select id, reason from main.lda_model__topic_rejects")
    assert rejects == [("c999", "no_word_in_vocabulary")]
    assert set(sums) | {r[0] for r in rejects} == {r[0] for r in _word_rows()}
    assert project.query("select count(*) from main.lda_model__dominant_topics")[0][0] == len(sums)
    assert project.query("select count(distinct topic) from main.lda_model__topic_words")[0][0] == 3
    measures = dict(project.query("select metric, value from main.dwhml_model_metrics where model_name = 'lda_model'"))
    for name in ("coherence_npmi", "perplexity_held_out", "texts_train", "texts_held_out", "rejects"):
        assert measures[name] == pytest.approx(expected_metrics[name], rel=1e-9), name


def _tables(project, schema, version):
    return sorted(r[0] for r in project.query("select table_name from information_schema.tables "
                                              f"where table_schema = '{schema}' and table_name like '%{version}%'"))


def _waiting_version(project):
    build = project.dbt("build")
    assert build.returncode != 0 and "waiting for dwhml wait-models" in build.stdout, build.stdout[-3000:]
    (version,) = [r[0] for r in project.query("select model_version from main.dwhml_model_registry where status = 'training'")]
    return version


def _client_step(project, train_pending):
    """`dwhml wait-models`' client step against the warehouse stand-in over the project's database."""
    conn = duckdb.connect(str(project.database))
    try:
        return train_pending(conn)
    finally:
        conn.close()


def _add_new_rows(project):
    """Word rows of texts after the fit: two held-out texts again (the fit inferred them: the same distribution is
    expected), a new text, and one with no word of the vocabulary (no topics, tried again next run)."""
    conn = project.connect(read_only=False)
    conn.execute("create table main.lda_new as select id, feature, weight from main.lda_words where id in ('c000', 'c006')")
    conn.executemany("insert into main.lda_new values (?, ?, ?)",
                     [("n1", "w:賃金", 2.0), ("n1", "w:雇用", 1.0), ("n1", "w:来客", 1.0), ("n2", "w:未知語", 3.0)])
    conn.close()


def _check_inferred(project, version, infer_once):
    """dwhml infer-topics: the held-out texts get the fit's distributions, the new text one summing to 1, the text
    without a vocabulary word none; a second run reads nothing and changes nothing."""
    summary = infer_once()
    assert (summary.model_version, summary.texts, summary.assigned, summary.no_word_in_vocabulary) == (version, 4, 3, 1)
    got = project.query("select id, topic, probability, model_version from main.lda_assigned order by id, topic")
    assert {r[0] for r in got} == {"c000", "c006", "n1"} and {r[3] for r in got} == {version}
    fit = dict(((r[0], r[1]), r[2]) for r in project.query(
        "select id, topic, probability from main.lda_model__text_topics where id in ('c000', 'c006')"))
    assert all(abs(r[2] - fit[(r[0], r[1])]) < 1e-12 for r in got if r[0] != "n1")
    assert abs(sum(r[2] for r in got if r[0] == "n1") - 1) < 1e-9
    again = infer_once()
    assert (again.texts, again.assigned) == (1, 0)  # only the text without topics is read again
    assert project.query("select id, topic, probability, model_version from main.lda_assigned order by id, topic") == got


def test_lda_on_redshift_is_fitted_on_the_client_and_published(tmp_path_factory, s3, tmp_path):
    project = _project(tmp_path_factory, "redshift_shim")
    version = _waiting_version(project)
    assert _tables(project, "main_ml", version) == [f"lda_model__{version}__training"]
    # The held-out column travels under the name the client reads.
    assert project.query(f'select count(distinct id) from "main_ml"."lda_model__{version}__training" where {client_training.HELD_OUT_COLUMN}')[0][0] == 40
    fitted = _client_step(project, lambda conn: redshift_training.train_pending(
        FakeRedshift(s3, db=conn), s3, S3Location(bucket="dwhml-test", prefix="runs"), '"main"."dwhml_model_registry"',
        str(tmp_path / "store")))
    assert fitted == [f"main_ml.lda_model__{version}"]
    assert _tables(project, "main_ml", version) == sorted(f"lda_model__{version}__{p}" for p in client_training.fitted_parts("lda"))
    build = project.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    assert project.query("select model_version, status from main.lda_model")[0] == (version, "promoted")
    _check_published(project, version, tmp_path)
    statements = []

    def infer_once():
        def run(conn):
            fake = FakeRedshift(s3, db=conn)
            summary = infer_topics_redshift(fake, s3, S3Location(bucket="dwhml-test", prefix="runs"), "main.lda_model",
                                            "main.lda_new", "main.lda_assigned")
            statements.extend(fake.statements)
            return summary
        return _client_step(project, run)

    _add_new_rows(project)
    _check_inferred(project, version, infer_once)
    assert violations(statements) == []
    assert s3.list_objects_v2(Bucket="dwhml-test").get("KeyCount", 0) == 0


def test_lda_on_bigquery_is_fitted_on_the_client_and_published(tmp_path_factory, tmp_path):
    project = _project(tmp_path_factory, "bigquery_shim")
    version = _waiting_version(project)
    fitted = _client_step(project, lambda conn: bigquery_training.train_pending(
        FakeBigQuery(db=conn), object(), "`dwhml`.`main`.`dwhml_model_registry`", str(tmp_path / "store")))
    assert fitted == [f"main.lda_model__{version}"]
    assert _tables(project, "main", version) == sorted(f"lda_model__{version}__{p}" for p in client_training.fitted_parts("lda"))
    build = project.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    _check_published(project, version, tmp_path)
    _add_new_rows(project)

    def infer_once(fail_containing=None):
        def run(conn):
            client = FakeBigQuery(db=conn)
            client.fail_query_containing = fail_containing
            return infer_topics_bigquery(client, object(), "main.lda_model", "main.lda_new", "main.lda_assigned")
        return _client_step(project, run)

    # A failed write-back leaves no table behind and the target as it was (here: not there yet).
    with pytest.raises(RuntimeError, match="injected"):
        infer_once(fail_containing="begin transaction")
    assert _tables(project, "main", "lda_assigned") == []
    _check_inferred(project, version, infer_once)
    # Unchanged: the next build records nothing new.
    assert project.dbt("build").returncode == 0
    assert project.query("select count(distinct model_version) from main.dwhml_model_registry")[0][0] == 1

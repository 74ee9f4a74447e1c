"""The engine path (issue 18, item 3; decision 0019): the same embed run as Spark tasks on local[2] over Parquet,
loaded into DuckDB, must give exactly the tables the single process writes (ids, vectors to 1e-6, rejects, tokens,
fingerprints, the pinned version), on hostile texts, NULL and repeated ids, and several batches per task."""
import dataclasses
import json
import math
import shutil

import duckdb
import pytest

from dwhml.cli import main
from embeddings import embedding_versions, engine, engine_spark
from embeddings.engine_load import load_duckdb
from embeddings.pipeline import EmbedOptions, embed
from test_embed_pipeline import NASTY, load_texts, rows_of

OUTPUTS = ("raw.text_vectors", "raw.text_vector_rejects", "raw.text_tokens", "raw.text_vectors__fingerprints")
SAMPLE = {f"s{i:04d}": f"{['求人', '来客数', '売上', '客単価'][i % 4]}は前年比で{i % 13}割{['増加', '減少'][i % 2]}している。"
          for i in range(600)}


@pytest.fixture(scope="module")
def spark():
    session = engine_spark.session(2, 64)  # 64 rows per batch: several batches per task
    yield session
    session.stop()


def _source(conn, id_type):
    texts = {**SAMPLE, **NASTY}
    load_texts(conn, texts)
    conn.execute("insert into raw.texts values ('s0007', '重複した行'), ('s0007', null), ('s0007', 'あ'), "
                 "(null, '識別子がない'), (null, null), ('n11', '求人広告の件数は前年同月比で増加している。')")
    if id_type == "bigint":  # the ids as numbers: a hash of the text id, the NULLs kept
        conn.execute("create or replace table raw.texts as select hash(id) % 1000000007 as id, text from raw.texts")
        conn.execute("update raw.texts set id = null where id = (select hash(cast(null as varchar)) % 1000000007)")


def _tables(conn):
    tables = {t: rows_of(conn, t) for t in OUTPUTS}
    tables["raw.text_vector_rejects"].sort(key=repr)
    return tables


def _assert_same(engine_tables, single_tables):
    assert engine_tables.keys() == single_tables.keys()
    for table in OUTPUTS:
        got, want = engine_tables[table], single_tables[table]
        assert len(got) == len(want), table
        for g, w in zip(got, want):
            assert len(g) == len(w)
            for a, b in zip(g, w):
                if isinstance(b, float):
                    assert math.isclose(a, b, abs_tol=1e-6), (table, g[0])
                else:
                    assert a == b, (table, g[0])


@pytest.fixture(params=["varchar", "bigint"])
def both_paths(request, spark, tmp_path, tiny_model_path):
    """The source embedded by the single process (into single.duckdb) and by the engine, loaded into engine.duckdb
    pinned to the same version."""
    single = duckdb.connect(str(tmp_path / "single.duckdb"))
    _source(single, request.param)
    single.execute(f"copy raw.texts to '{tmp_path / 'texts.parquet'}' (format parquet)")
    embed(single, EmbedOptions(model_path=tiny_model_path, batch_rows=50))
    version = embedding_versions.pinned(single, "raw.text_vectors")
    single.close()
    shutil.copy(tmp_path / "single.duckdb", tmp_path / "engine.duckdb")
    other = duckdb.connect(str(tmp_path / "engine.duckdb"))
    for table in OUTPUTS + ("raw.dwhml_embedding_versions",):
        other.execute(f"drop table {table}")
    other.close()
    out = str(tmp_path / "embedded")
    manifest = engine_spark.embed_parquet(spark, [str(tmp_path / "texts.parquet")], out, version, tiny_model_path)
    return tmp_path, version, out, manifest


def test_the_engine_path_equals_the_single_process_on_hostile_texts(both_paths):
    tmp_path, version, out, manifest = both_paths
    single = duckdb.connect(str(tmp_path / "single.duckdb"))
    loaded = duckdb.connect(str(tmp_path / "engine.duckdb"))
    summary = load_duckdb(loaded, out, EmbedOptions())
    assert summary.new_version and summary.embedding_version == version.embedding_version
    total = single.execute("select count(*) from raw.texts").fetchone()[0]
    assert manifest["rows_read"] == summary.rows_read == total == summary.vectors + summary.rejected
    assert len(manifest["files"]["vectors"]) == 2  # both workers embedded
    _assert_same(_tables(loaded), _tables(single))
    reasons = {r[1] for r in rows_of(loaded, "raw.text_vector_rejects")}
    assert {"null_id", "duplicate_id", "null_text", "too_long", "empty_after_normalisation"} <= reasons
    assert embedding_versions.pinned(loaded, "raw.text_vectors") == embedding_versions.pinned(single, "raw.text_vectors")


def test_after_an_engine_load_an_incremental_run_reads_what_the_single_process_would(both_paths, tiny_model_path):
    tmp_path, _, out, _ = both_paths
    single = duckdb.connect(str(tmp_path / "single.duckdb"))
    loaded = duckdb.connect(str(tmp_path / "engine.duckdb"))
    load_duckdb(loaded, out, EmbedOptions())
    runs = []
    for conn in (single, loaded):
        conn.execute("update raw.texts set text = '来客数が大きく減少している。' where id = (select min(id) from raw.texts)")
        conn.execute("insert into raw.texts select max(id) || '' || 1, '新しい店舗が開店した。' from raw.texts")
        runs.append(embed(conn, EmbedOptions(batch_rows=50)))
    assert runs[1].incremental and runs[1].skipped_unchanged > 600
    assert (runs[1].rows_read, runs[1].skipped_unchanged, runs[1].vectors) == \
        (runs[0].rows_read, runs[0].skipped_unchanged, runs[0].vectors)
    _assert_same(_tables(loaded), _tables(single))


def test_a_load_whose_files_disagree_with_the_manifest_changes_nothing(spark, duck, tmp_path, tiny_model_path):
    load_texts(duck, SAMPLE)
    embed(duck, EmbedOptions(model_path=tiny_model_path))
    duck.execute(f"copy raw.texts to '{tmp_path / 'texts.parquet'}' (format parquet)")
    before = _tables(duck)
    out = tmp_path / "embedded"
    engine_spark.embed_parquet(spark, [str(tmp_path / "texts.parquet")], str(out),
                               embedding_versions.pinned(duck, "raw.text_vectors"), tiny_model_path)
    manifest = json.loads((out / engine.MANIFEST).read_text())
    manifest["rows"]["tokens"] += 1
    (out / engine.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(RuntimeError, match="the manifest lists 601 tokens rows, its files hold 600"):
        load_duckdb(duck, str(out), EmbedOptions())
    assert _tables(duck) == before
    staged = duck.execute("select count(*) from duckdb_tables() where table_name like '%dwhml_staging'").fetchone()[0]
    assert staged == 0
    (out / engine.MANIFEST).unlink()  # an unfinished run
    with pytest.raises(ValueError, match="no _dwhml_embed.json: it is not the output of a finished"):
        load_duckdb(duck, str(out), EmbedOptions())


def test_the_engine_refuses_a_model_that_is_not_the_pinned_one(spark, duck, tmp_path, tiny_model_path):
    load_texts(duck, SAMPLE)
    embed(duck, EmbedOptions(model_path=tiny_model_path))
    version = embedding_versions.pinned(duck, "raw.text_vectors")
    other = tmp_path / "other.bin"
    other.write_bytes(open(tiny_model_path, "rb").read() + b"\0")
    with pytest.raises(ValueError, match="is not the fastText model of embedding version"):
        engine_spark.embed_parquet(spark, [str(tmp_path / "texts.parquet")], str(tmp_path / "out"), version, str(other))
    with pytest.raises(ValueError, match="cannot read Parquet texts from .*missing.parquet"):
        engine_spark.embed_parquet(spark, [str(tmp_path / "missing.parquet")], str(tmp_path / "out"), version,
                                   tiny_model_path)
    another_build = dataclasses.replace(version, dictionary="ipadic-0.9-sys1-v1")  # ipadic, not this one
    with pytest.raises(ValueError, match="this worker tokenizes with ipadic-1.0.0.* made with ipadic-0.9-sys1-v1"):
        engine.TaskEmbedder(engine.TaskSpec(tiny_model_path, another_build, 100))


def test_without_pyspark_or_java_the_engine_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # not installed: the import fails
    with pytest.raises(ValueError, match=r"needs pyspark: pip install 'dwhml\[engine\]'"):
        engine_spark.session(1, 10)
    monkeypatch.undo()
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(engine_spark.shutil, "which", lambda name: None)
    with pytest.raises(ValueError, match="needs a Java runtime"):
        engine_spark.session(1, 10)


def test_the_cli_says_what_is_missing(tmp_path, capsys):
    assert main(["embedding-version", "--database", str(tmp_path / "none.duckdb")]) == 1
    assert main(["embed-engine", "--input", "x.parquet", "--output-dir", str(tmp_path / "o"),
                 "--version-file", str(tmp_path / "missing.json")]) == 1
    assert main(["load-embedded", str(tmp_path / "o"), "--database", str(tmp_path / "d.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "no such version file" in err and "no _dwhml_embed.json" in err
    assert "none.duckdb" in err


# --- the engine's files into Redshift and BigQuery (their stand-ins: tests/fake_redshift.py over moto S3,
# tests/fake_bigquery.py); nothing here ran on either warehouse -------------------------------------------------

WAREHOUSE_TEXTS = {**{k: SAMPLE[k] for k in list(SAMPLE)[:120]}, **{k: v for k, v in NASTY.items() if k != "n09"},
                   "long": "雇用" * 11_000}  # 66,000 UTF-8 bytes: over a Redshift VARCHAR, within max_chars


def _warehouse_tables(db):
    return {t: db.execute(f"select * from {t} order by all").fetchall() for t in OUTPUTS}


def _fill(db):
    load_texts(db, WAREHOUSE_TEXTS)
    db.execute("insert into raw.texts values ('s0007', '重複した行'), (null, '識別子がない')")


@pytest.fixture
def engine_files(spark, tmp_path, tiny_model_path):
    """The warehouse texts embedded by the engine, with the version a single-process run pins for the model."""
    local = duckdb.connect(str(tmp_path / "local.duckdb"))
    _fill(local)
    local.execute(f"copy raw.texts to '{tmp_path / 'texts.parquet'}' (format parquet)")
    embed(local, EmbedOptions(model_path=tiny_model_path))
    version = embedding_versions.pinned(local, "raw.text_vectors")
    out = str(tmp_path / "embedded")
    engine_spark.embed_parquet(spark, [str(tmp_path / "texts.parquet")], out, version, tiny_model_path)
    return out


def test_the_engine_files_load_into_redshift_as_its_own_embed_writes(engine_files, s3, tiny_model_path, tmp_path):
    from embeddings.redshift_io import S3Location, embed_redshift, load_engine_output
    from fake_redshift import FakeRedshift

    location = S3Location(bucket="dwhml-test", prefix="runs", iam_role="default")
    own, loaded = FakeRedshift(s3), FakeRedshift(s3)
    for fake in (own, loaded):
        fake.db.execute("create schema raw")
        _fill(fake.db)
    by_embed = embed_redshift(own, s3, EmbedOptions(model_path=tiny_model_path, tokens="raw.text_tokens"), location)
    by_engine = load_engine_output(loaded, s3, engine_files, EmbedOptions(), location)
    assert by_engine.new_version and by_engine.embedding_version == by_embed.embedding_version
    assert by_engine.rejects["too_long_for_target"] == 1 == by_embed.rejects["too_long_for_target"]
    assert _warehouse_tables(loaded.db) == _warehouse_tables(own.db)
    registry = "select output, embedding_version, model_path, model_sha256 from raw.dwhml_embedding_versions"
    assert loaded.db.execute(registry).fetchall() == own.db.execute(registry).fetchall()  # the model in S3
    # the next embed on the loaded tables is incremental: it reads the new text (and the NULL / repeated ids)
    loaded.db.execute("insert into raw.texts values ('new', '求人が増えている。')")
    after = embed_redshift(loaded, s3, EmbedOptions(tokens="raw.text_tokens", store_dir=str(tmp_path / "store")),
                           location)
    assert after.incremental and after.rows_read == 1 + 3 + 1  # new; s0007 twice and the NULL id; n01 (NULL text)


def test_the_engine_files_load_into_bigquery_as_its_own_embed_writes(engine_files, tiny_model_path, tmp_path):
    from embeddings.bigquery_io import embed_bigquery, load_engine_output
    from fake_bigquery import FakeBigQuery

    own, loaded = FakeBigQuery(), FakeBigQuery()
    for fake in (own, loaded):
        fake.db.execute("create schema raw")
        _fill(fake.db)
    by_embed = embed_bigquery(own, object(), EmbedOptions(model_path=tiny_model_path, tokens="raw.text_tokens"))
    by_engine = load_engine_output(loaded, engine_files, EmbedOptions())
    assert by_engine.new_version and by_engine.embedding_version == by_embed.embedding_version
    assert _warehouse_tables(loaded.db) == _warehouse_tables(own.db)
    registry = "select output, embedding_version, model_path, model_sha256 from raw.dwhml_embedding_versions"
    assert loaded.db.execute(registry).fetchall() == own.db.execute(registry).fetchall()  # the model in the dataset
    loaded.db.execute("insert into raw.texts values ('new', '求人が増えている。')")
    after = embed_bigquery(loaded, object(), EmbedOptions(tokens="raw.text_tokens", store_dir=str(tmp_path / "store")))
    assert after.incremental and after.rows_read == 1 + 3 + 1

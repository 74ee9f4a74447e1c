"""`dwhml embed --target redshift`'s S3 path against a real local S3 endpoint (moto in server mode,
started here) and a DuckDB-backed stand-in for Redshift's SQL, UNLOAD and COPY (tests/fake_redshift.py).
Nothing here ran on Redshift."""
import pytest

from embeddings.pipeline import EmbedOptions
from embeddings.redshift_io import S3Location, embed_redshift, redshift_literal, unload_sql
from fake_redshift import FakeRedshift, unescape

BUCKET = "dwhml-test"
TEXTS = ["求人が増えている。", "来客数が減った", "「値上げ」の影響で売上が落ちた", "it's a \"quoted\" text; --", "",
         "雇用は安定している", "新商品の売れ行きが良い", "受注が伸びた\n改行あり", "back\\slash テキスト", None]


@pytest.fixture
def redshift(s3):
    fake = FakeRedshift(s3)
    fake.db.execute("create schema raw")
    fake.db.execute("create table raw.texts (id bigint, text varchar)")
    fake.db.executemany("insert into raw.texts values (?, ?)", list(enumerate(TEXTS, start=1)))
    return fake


def _options(model, **overrides):
    return EmbedOptions(model_path=model, **{"tokens": None, "batch_rows": 4, **overrides})


def _objects(s3):
    return s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])


def _location():
    return S3Location(bucket=BUCKET, prefix="runs", iam_role="arn:aws:iam::123456789012:role/dwhml")


def test_unload_literal_escapes_quotes_and_backslashes():
    select = "select id, text from raw.texts where text <> 'it''s \\ here'"
    sql = unload_sql(select, "s3://b/p/texts_", "default")
    assert sql == ("unload ('select id, text from raw.texts where text <> ''it''''s \\\\ here''') to 's3://b/p/texts_' "
                   "iam_role default format as parquet manifest verbose")
    assert unescape(redshift_literal(select)[1:-1]) == select


def test_every_row_becomes_a_vector_or_reject_and_the_run_leaves_nothing_behind(redshift, s3, tiny_model_path):
    summary = embed_redshift(redshift, s3, _options(tiny_model_path), _location())
    vectors = redshift.db.execute("select count(*), count(distinct id) from raw.text_vectors").fetchall()[0]
    rejects = dict(redshift.db.execute("select id, reason from raw.text_vector_rejects").fetchall())
    assert summary.rows_read == len(TEXTS) == vectors[0] + len(rejects)
    assert vectors[0] == vectors[1] == summary.vectors
    assert rejects[5] == "empty_after_normalisation" and rejects[10] == "null_text"
    assert redshift.db.execute("select count(*) from raw.text_vectors where embedding_version = ?",
                               [summary.embedding_version]).fetchall()[0][0] == summary.vectors
    unloads = [s for s in redshift.statements if s.startswith("unload")]
    assert len(unloads) == 1 and "iam_role 'arn:aws:iam::123456789012:role/dwhml'" in unloads[0]
    assert _objects(s3) == []
    tables = {r[0] for r in redshift.db.execute("select table_name from information_schema.tables").fetchall()}
    assert not any(t.endswith("__dwhml_staging") for t in tables)
    swap = redshift.statements[redshift.statements.index("begin"):redshift.statements.index("commit")]
    assert [s.split(" ")[0] for s in swap] == ["begin"] + ["create", "create", "delete", "insert"] * 2


def test_rerun_gives_the_same_rows_without_duplicates(redshift, s3, tiny_model_path):
    embed_redshift(redshift, s3, _options(tiny_model_path), _location())
    first = redshift.db.execute("select * from raw.text_vectors order by id").fetchall()
    embed_redshift(redshift, s3, _options(tiny_model_path), _location())
    assert redshift.db.execute("select * from raw.text_vectors order by id").fetchall() == first


class FailingS3:
    """The S3 client, with the n-th call of one method failing."""

    def __init__(self, client, method, fail_on):
        self._client, self._method, self._fail_on, self._calls = client, method, fail_on, 0

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name != self._method:
            return attribute

        def failing(*args, **kwargs):
            self._calls += 1
            if self._calls == self._fail_on:
                raise ConnectionError(f"injected failure of {name} #{self._calls}")
            return attribute(*args, **kwargs)
        return failing


def _before(redshift, s3, tiny_model_path):
    embed_redshift(redshift, s3, _options(tiny_model_path), _location())
    redshift.statements.clear()
    return redshift.db.execute("select * from raw.text_vectors order by id").fetchall()


def test_an_upload_failing_midway_issues_no_copy_and_leaves_the_target(redshift, s3, tiny_model_path):
    before = _before(redshift, s3, tiny_model_path)
    redshift.db.execute("insert into raw.texts values (100, '新しい文')")
    with pytest.raises(ConnectionError, match="upload_file #2"):
        embed_redshift(redshift, FailingS3(s3, "upload_file", 2), _options(tiny_model_path), _location())
    assert not any(s.startswith("copy") for s in redshift.statements)
    assert redshift.db.execute("select * from raw.text_vectors order by id").fetchall() == before
    assert _objects(s3) == []


def test_a_download_failing_fails_the_run_and_writes_nothing(redshift, s3, tiny_model_path):
    before = _before(redshift, s3, tiny_model_path)
    with pytest.raises(ConnectionError, match="download_file"):
        embed_redshift(redshift, FailingS3(s3, "download_file", 1), _options(tiny_model_path), _location())
    assert [s.split(" ")[0] for s in redshift.statements if not s.startswith("drop table if exists")] == ["unload"]
    assert redshift.db.execute("select * from raw.text_vectors order by id").fetchall() == before
    assert _objects(s3) == []


def test_a_copy_that_loads_fewer_rows_fails_before_the_swap(redshift, s3, tiny_model_path):
    before = _before(redshift, s3, tiny_model_path)
    redshift._copy = lambda table, bucket, prefix: None
    with pytest.raises(RuntimeError, match="COPY into raw.text_vectors__dwhml_staging loaded 0 rows"):
        embed_redshift(redshift, s3, _options(tiny_model_path), _location())
    assert "begin" not in redshift.statements
    assert redshift.db.execute("select * from raw.text_vectors order by id").fetchall() == before


def test_supervised_labels_are_unloaded_too(redshift, s3, tiny_model_path):
    redshift.db.execute("create table raw.labels as select id, case when id % 2 = 0 then '雇用' else '家計動向' end "
                        "as label from raw.texts")
    with pytest.raises(ValueError, match="supervised"):  # a given model cannot be label-aware
        embed_redshift(redshift, s3, _options(tiny_model_path, supervised_labels="raw.labels"), _location())
    assert sum(s.startswith("unload") for s in redshift.statements) == 2
    assert _objects(s3) == []


def test_the_tokens_table_is_written_beside_the_vectors_as_on_duckdb(redshift, s3, tiny_model_path, duckdb_tokens):
    summary = embed_redshift(redshift, s3, _options(tiny_model_path, tokens="raw.text_tokens"), _location())
    tokens = redshift.db.execute("select id, normalised, tokens from raw.text_tokens order by id").fetchall()
    assert tokens == duckdb_tokens(TEXTS)
    assert len(tokens) == summary.vectors + summary.rejects["no_known_token"]
    swap = redshift.statements[redshift.statements.index("begin"):redshift.statements.index("commit")]
    assert [s.split(" ")[0] for s in swap] == ["begin"] + ["create", "create", "delete", "insert"] * 3
    assert len([s for s in redshift.statements if s.startswith("copy")]) == 3 and _objects(s3) == []


def test_a_text_too_long_for_a_redshift_varchar_is_a_reject_not_a_truncation(redshift, s3, tiny_model_path):
    # 22,000 kanji: 66,000 UTF-8 bytes, over VARCHAR(65535); within dwhml's 100,000-character limit.
    redshift.db.execute("insert into raw.texts values (50, ?)", ["雇用" * 11_000])
    summary = embed_redshift(redshift, s3, _options(tiny_model_path, tokens="raw.text_tokens"), _location())
    rejects = dict(redshift.db.execute("select id, reason from raw.text_vector_rejects").fetchall())
    assert rejects[50] == "too_long_for_target" and summary.rejects["too_long_for_target"] == 1
    for table in ("raw.text_vectors", "raw.text_tokens"):
        assert redshift.db.execute(f"select count(*) from {table} where id = 50").fetchall()[0][0] == 0
    vectors = redshift.db.execute("select count(*) from raw.text_vectors").fetchall()[0][0]
    assert summary.rows_read == len(TEXTS) + 1 == vectors + len(rejects) and summary.vectors == vectors

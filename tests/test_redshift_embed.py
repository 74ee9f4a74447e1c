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
    """The run's objects left in S3 (the pinned models, under <prefix>/models/, are meant to stay)."""
    return [o for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []) if not o["Key"].startswith("runs/models/")]


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
    # every target replaced, the fingerprints rewritten, the new version recorded: in one transaction
    assert [s.split(" ")[0] for s in swap] == (["begin"] + ["create", "create", "delete", "insert"] * 2
                                               + ["drop", "create", "create", "insert"])


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
    writes = [s for s in redshift.statements if not s.startswith(("select", "drop table if exists"))]
    # the staged ids to read (dropped again), then the UNLOAD: no COPY, no transaction
    assert [s.split(" ")[0] for s in writes] == ["create", "unload"]
    assert writes[0].startswith('create table "raw"."text_vectors__delta__dwhml_staging" as')
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
    assert [s.split(" ")[0] for s in swap] == (["begin"] + ["create", "create", "delete", "insert"] * 3
                                               + ["drop", "create", "create", "insert"])
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


# --- pinned versions and incremental runs (issue 18) -----------------------------------------------------------

OUTPUTS = ("raw.text_vectors", "raw.text_vector_rejects", "raw.text_tokens", "raw.text_vectors__fingerprints")


def _tables(redshift):
    return {t: redshift.db.execute(f"select * from {t} order by all").fetchall() for t in OUTPUTS}


def _pinned_options(tmp_path, **overrides):
    return EmbedOptions(**{"tokens": "raw.text_tokens", "batch_rows": 4, "store_dir": str(tmp_path / "store"),
                           **overrides})


def test_the_first_run_pins_its_version_with_the_model_in_s3_and_later_runs_unload_only_what_changed(
        redshift, s3, tiny_model_path, tmp_path):
    first = embed_redshift(redshift, s3, _options(tiny_model_path, tokens="raw.text_tokens"), _location())
    assert first.new_version and not first.incremental
    registry = redshift.db.execute("select output, embedding_version, model_path from raw.dwhml_embedding_versions"
                                   ).fetchall()
    assert registry == [("raw.text_vectors", first.embedding_version, first.model_path)]
    assert first.model_path.startswith(f"s3://{BUCKET}/runs/models/fasttext-")
    # a change in the warehouse: one text changed, one gone, two new, a repeated id and a NULL id
    redshift.db.execute("update raw.texts set text = '来客数が大きく減った' where id = 2")
    redshift.db.execute("delete from raw.texts where id = 3")
    redshift.db.execute("insert into raw.texts values (20, '新しい店が開いた'), (21, '受注が減った'), (7, '重複'), "
                        "(null, '識別子なし')")
    redshift.statements.clear()
    second = embed_redshift(redshift, s3, _pinned_options(tmp_path), _location())  # no --model: the pinned one
    assert second.incremental and not second.new_version and second.embedding_version == first.embedding_version
    # read: id 2 (changed), 20 and 21 (new), both rows of id 7 (repeated), the NULL id and id 10 (a NULL text:
    # never fingerprinted equal); skipped: the 6 unchanged others
    assert second.rows_read == 1 + 2 + 2 + 1 + 1 and second.skipped_unchanged == 6
    assert second.rows_read == second.vectors + second.rejected
    unload = [s for s in redshift.statements if s.startswith("unload")]
    assert len(unload) == 1 and "text_vectors__delta__dwhml_staging" in unload[0]
    incremental_tables = _tables(redshift)
    assert 3 not in {r[0] for r in incremental_tables["raw.text_vectors"]}
    assert (7, "duplicate_id") in incremental_tables["raw.text_vector_rejects"]
    # the model came from S3 (the local store was empty), and a full run with that version writes the same tables
    assert (tmp_path / "store").is_dir()
    full = embed_redshift(redshift, s3, _pinned_options(tmp_path, full=True), _location())
    assert not full.incremental and full.embedding_version == first.embedding_version
    assert _tables(redshift) == incremental_tables
    # nothing new: nothing but the NULL text and the repeated and NULL ids is read again
    again = embed_redshift(redshift, s3, _pinned_options(tmp_path), _location())
    assert again.incremental and again.rows_read == 4 and _tables(redshift) == incremental_tables
    leftovers = redshift.db.execute("select table_name from information_schema.tables where table_name like "
                                    "'%dwhml_staging'").fetchall()
    assert leftovers == [] and _objects(s3) == []


def test_a_failed_incremental_run_leaves_every_table_as_it_was(redshift, s3, tiny_model_path, tmp_path, monkeypatch):
    embed_redshift(redshift, s3, _options(tiny_model_path, tokens="raw.text_tokens"), _location())
    before = _tables(redshift)
    redshift.db.execute("insert into raw.texts values (30, '求人が増えている。')")
    redshift.db.execute("update raw.texts set text = '来客数が減った' where id = 1")
    real_execute = redshift.execute

    def failing_last(sql, params=None):  # the transaction's last statement fails: everything before it is undone
        if sql.startswith('insert into "raw"."text_vectors__fingerprints"'):
            raise ConnectionError("injected failure inside the commit")
        return real_execute(sql, params)
    monkeypatch.setattr(redshift, "execute", failing_last)
    with pytest.raises(ConnectionError, match="inside the commit"):
        embed_redshift(redshift, s3, _pinned_options(tmp_path), _location())
    assert "rollback" in redshift.statements
    monkeypatch.setattr(redshift, "execute", real_execute)
    assert _tables(redshift) == before
    done = embed_redshift(redshift, s3, _pinned_options(tmp_path), _location())
    assert done.incremental and done.rows_read == 3  # ids 1 and 30, and id 10's NULL text
    assert {1, 30} <= {r[0] for r in _tables(redshift)["raw.text_vectors"]}


def test_a_pinned_model_changed_in_s3_is_refused(redshift, s3, tiny_model_path, tmp_path):
    first = embed_redshift(redshift, s3, _options(tiny_model_path), _location())
    key = first.model_path[len(f"s3://{BUCKET}/"):]
    s3.put_object(Bucket=BUCKET, Key=key, Body=b"not the model")
    with pytest.raises(ValueError, match="has changed since it was pinned: restore it, or `dwhml embed --retrain`"):
        embed_redshift(redshift, s3, _pinned_options(tmp_path, tokens=None), _location())
    s3.delete_object(Bucket=BUCKET, Key=key)
    with pytest.raises(ValueError, match="cannot fetch the pinned fastText model"):
        embed_redshift(redshift, s3, _pinned_options(tmp_path, tokens=None), _location())

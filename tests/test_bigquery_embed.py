"""`dwhml embed --target bigquery`: Storage Read stream -> local embed -> one load job per table -> one
transaction, against a fake BigQuery client backed by DuckDB (tests/fake_bigquery.py). Nothing here
ran on BigQuery."""
import pytest

from embeddings.bigquery_io import load_once, replace_script
from embeddings.pipeline import EmbedOptions
from embeddings.bigquery_io import embed_bigquery
from fake_bigquery import FakeBigQuery

TEXTS = ["求人が増えている。", "来客数が減った", "it's a \"quoted\" text; --", "", "雇用は安定している",
         "back\\slash テキスト", "受注が伸びた\n改行あり", None]
READ_CLIENT = object()


@pytest.fixture
def bigquery():
    fake = FakeBigQuery()
    fake.db.execute("create schema raw")
    fake.db.execute("create table raw.texts (id bigint, text varchar)")
    fake.db.executemany("insert into raw.texts values (?, ?)", list(enumerate(TEXTS, start=1)))
    return fake


def _options(model, **overrides):
    return EmbedOptions(model_path=model, **{"tokens": None, "batch_rows": 4, **overrides})


def _rows(fake, table="raw.text_vectors"):
    return fake.db.execute(f"select * from {table} order by id").fetchall()


def _tables(fake):
    return {r[0] for r in fake.db.execute("select table_name from information_schema.tables").fetchall()}


def test_every_row_becomes_a_vector_or_reject_in_one_load_per_table(bigquery, tiny_model_path):
    summary = embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    vectors = bigquery.db.execute("select count(*), count(distinct id) from raw.text_vectors").fetchall()[0]
    rejects = dict(bigquery.db.execute("select id, reason from raw.text_vector_rejects").fetchall())
    assert summary.rows_read == len(TEXTS) == vectors[0] + len(rejects) and vectors[0] == vectors[1]
    assert rejects[4] == "empty_after_normalisation" and rejects[8] == "null_text"
    # one load per table, and one of the model the first run pins (stored in raw.dwhml_embedding_models)
    assert bigquery.loads == 3 and not any(t.endswith("__dwhml_staging") for t in _tables(bigquery))
    assert any("from `dwhml-test`.`raw`.`texts` as src" in q for q in bigquery.queries)


def test_rerun_gives_the_same_rows(bigquery, tiny_model_path):
    embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    first = _rows(bigquery)
    embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    assert _rows(bigquery) == first


def test_a_retried_load_attaches_to_the_job_instead_of_loading_twice(bigquery, tiny_model_path):
    bigquery.lose_response_of_next_load = True
    summary = embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    assert bigquery.loads == 3  # the lost response was retried with the same job id: Conflict -> get_job
    assert len(_rows(bigquery)) == summary.vectors


def test_load_once_gives_up_after_the_attempts(tmp_path):
    class Down:
        calls = 0

        def load_table_from_file(self, *args, **kwargs):
            Down.calls += 1
            raise ConnectionError("down")

    path = tmp_path / "x.parquet"
    path.write_bytes(b"")
    with pytest.raises(ConnectionError):
        load_once(Down(), str(path), "p.d.t", "job-1", attempts=3, sleep=lambda s: None)
    assert Down.calls == 3


def test_a_failing_swap_leaves_both_targets_as_they_were(bigquery, tiny_model_path):
    embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    before = (_rows(bigquery), _rows(bigquery, "raw.text_vector_rejects"))
    bigquery.db.execute("insert into raw.texts values (100, '新しい文')")
    bigquery.fail_query_containing = None
    # the rejects insert fails inside the transaction (a column the staging table lacks)
    bigquery.db.execute("alter table raw.text_vector_rejects add column extra varchar")
    with pytest.raises(Exception):
        embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    assert _rows(bigquery) == before[0]
    assert [r[:2] for r in _rows(bigquery, "raw.text_vector_rejects")] == before[1]
    assert not any(t.endswith("__dwhml_staging") for t in _tables(bigquery))


def test_a_failing_read_writes_nothing(bigquery, tiny_model_path):
    bigquery.fail_query_containing = "from `dwhml-test`.`raw`.`texts`"
    with pytest.raises(RuntimeError, match="injected"):
        embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    assert bigquery.loads == 0 and "text_vectors" not in _tables(bigquery)


def test_replace_script_is_one_transaction_over_both_tables():
    script = replace_script({"vectors": "raw.v", "rejects": "raw.r"}, {"vectors": "raw.v__s", "rejects": "raw.r__s"}, "p")
    lines = script.splitlines()
    assert lines[:2] == ["create table if not exists `p`.`raw`.`v` like `p`.`raw`.`v__s`;",
                         "create table if not exists `p`.`raw`.`r` like `p`.`raw`.`r__s`;"]
    assert lines[2] == "begin transaction;" and lines[-1] == "commit transaction;"
    assert sum(line.startswith("delete from") for line in lines) == 2


def test_the_tokens_table_is_loaded_and_swapped_with_the_others(bigquery, tiny_model_path, duckdb_tokens):
    summary = embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path, tokens="raw.text_tokens"))
    tokens = bigquery.db.execute("select id, normalised, tokens from raw.text_tokens order by id").fetchall()
    assert tokens == duckdb_tokens(TEXTS)
    assert len(tokens) == summary.vectors + summary.rejects["no_known_token"]
    assert bigquery.loads == 4 and not any(t.endswith("__dwhml_staging") for t in _tables(bigquery))


# --- pinned versions and incremental runs (issue 18) -----------------------------------------------------------

OUTPUTS = ("raw.text_vectors", "raw.text_vector_rejects", "raw.text_tokens", "raw.text_vectors__fingerprints")


def _outputs(fake):
    return {t: fake.db.execute(f"select * from {t} order by all").fetchall() for t in OUTPUTS}


def _pinned_options(tmp_path, **overrides):
    return EmbedOptions(**{"tokens": "raw.text_tokens", "batch_rows": 4, "store_dir": str(tmp_path / "store"),
                           **overrides})


def test_the_first_run_pins_its_version_in_bigquery_and_later_runs_read_only_what_changed(bigquery, tiny_model_path,
                                                                                         tmp_path):
    first = embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path, tokens="raw.text_tokens"))
    assert first.new_version and not first.incremental
    assert first.model_path.startswith("bigquery:raw.dwhml_embedding_models#")
    assert bigquery.db.execute("select output, embedding_version, model_path from raw.dwhml_embedding_versions"
                               ).fetchall() == [("raw.text_vectors", first.embedding_version, first.model_path)]
    bigquery.db.execute("update raw.texts set text = '来客数が大きく減った' where id = 2")
    bigquery.db.execute("delete from raw.texts where id = 3")
    bigquery.db.execute("insert into raw.texts values (20, '新しい店が開いた'), (21, '受注が減った'), (5, '重複'), "
                        "(null, '識別子なし')")
    bigquery.queries.clear()
    second = embed_bigquery(bigquery, READ_CLIENT, _pinned_options(tmp_path))  # the pinned model, from BigQuery
    assert second.incremental and not second.new_version and second.embedding_version == first.embedding_version
    # read: id 2 (changed), 20 and 21 (new), both rows of id 5 (repeated), the NULL id, id 8 (a NULL text)
    assert second.rows_read == 1 + 2 + 2 + 1 + 1 and second.skipped_unchanged == 4
    assert second.rows_read == second.vectors + second.rejected
    read = [q for q in bigquery.queries if q.startswith("select src.`id` as id")]
    assert len(read) == 1 and "`text_vectors__delta__dwhml_staging`" in read[0]
    incremental_tables = _outputs(bigquery)
    assert 3 not in {r[0] for r in incremental_tables["raw.text_vectors"]}
    assert (5, "duplicate_id") in incremental_tables["raw.text_vector_rejects"]
    full = embed_bigquery(bigquery, READ_CLIENT, _pinned_options(tmp_path, full=True))
    assert not full.incremental and full.embedding_version == first.embedding_version
    assert _outputs(bigquery) == incremental_tables
    again = embed_bigquery(bigquery, READ_CLIENT, _pinned_options(tmp_path))
    assert again.incremental and again.rows_read == 4 and _outputs(bigquery) == incremental_tables
    assert not any(t.endswith("__dwhml_staging") for t in _tables(bigquery))
    assert bigquery.db.execute("select count(distinct sha256) from raw.dwhml_embedding_models").fetchall() == [(1,)]


def test_a_failed_incremental_commit_leaves_every_table_as_it_was(bigquery, tiny_model_path, tmp_path):
    embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path, tokens="raw.text_tokens"))
    before = _outputs(bigquery)
    bigquery.db.execute("insert into raw.texts values (30, '求人が増えている。')")
    bigquery.db.execute("update raw.texts set text = '来客数が減った' where id = 1")
    # the transaction's last insert fails (the fingerprints have a column the SELECT lacks): all is rolled back
    bigquery.db.execute("alter table raw.text_vectors__fingerprints add column extra varchar")
    with pytest.raises(Exception):
        embed_bigquery(bigquery, READ_CLIENT, _pinned_options(tmp_path))
    bigquery.db.execute("alter table raw.text_vectors__fingerprints drop column extra")
    assert _outputs(bigquery) == before
    done = embed_bigquery(bigquery, READ_CLIENT, _pinned_options(tmp_path))
    assert done.incremental and done.rows_read == 3  # ids 1 and 30, and id 8's NULL text
    assert {1, 30} <= {r[0] for r in _outputs(bigquery)["raw.text_vectors"]}


def test_a_pinned_model_changed_in_bigquery_is_refused(bigquery, tiny_model_path, tmp_path):
    embed_bigquery(bigquery, READ_CLIENT, _options(tiny_model_path))
    bigquery.db.execute("update raw.dwhml_embedding_models set data = 'changed'::blob where part = 0")
    with pytest.raises(ValueError, match="has changed since it was pinned: restore it, or `dwhml embed"):
        embed_bigquery(bigquery, READ_CLIENT, _pinned_options(tmp_path, tokens=None))
    bigquery.db.execute("delete from raw.dwhml_embedding_models")
    with pytest.raises(ValueError, match="cannot fetch the pinned fastText model"):
        embed_bigquery(bigquery, READ_CLIENT, _pinned_options(tmp_path, tokens=None))

"""Pinned embedding versions and incremental runs on DuckDB (issue 18): a later run embeds with the output's
pinned version and only the new and changed texts, in one transaction, and ends with the tables a full run with
that version writes; --retrain makes a new version and keeps the old one's vectors beside it."""
import os

import pytest

from embeddings import duckdb_io, pipeline
from embeddings.fasttext_model import FastTextParams
from embeddings.pipeline import EmbedOptions, embed
from test_embed_pipeline import NASTY, load_texts, rows_of

OUTPUTS = ("raw.text_vectors", "raw.text_vector_rejects", "raw.text_tokens", "raw.text_vectors__fingerprints")
BASE = {f"t{i:03d}": f"求人広告の件数は前年比で{i}件増加している。" for i in range(40)} | {"empty": "", "nul": None}


@pytest.fixture
def given_model(tmp_path, tiny_model_path):
    """A copy of the committed 16-dim model: the first run pins it (a given --model is a new version too). A model
    trained here on 40 texts is not reproducible and, now and then, has non-finite vectors, whose NaN never
    equals itself: the tests that compare tables start from this one."""
    import shutil

    return shutil.copy(tiny_model_path, tmp_path / "given.bin")


def _options(tmp_path, **extra):
    extra.setdefault("params", FastTextParams(dim=8, epoch=2, min_count=1, bucket=1000, threads=1))
    return EmbedOptions(store_dir=str(tmp_path / "store"), batch_rows=7, **extra)


def _tables(conn, outputs=OUTPUTS):
    return {t: rows_of(conn, t) for t in outputs}


def _changed_source(conn):
    texts = dict(BASE)
    for i in range(5):
        texts[f"t{i:03d}"] = f"来客数が{i}割減少している。"       # changed
    for i in range(35, 40):
        del texts[f"t{i:03d}"]                                    # gone from the source
    texts |= {f"n{i}": f"新しい店舗が{i}店開店した。" for i in range(6)}  # new
    texts |= {k: v for k, v in NASTY.items() if k != "n09"}       # hostile texts, new
    load_texts(conn, texts)
    conn.execute("insert into raw.texts values ('t010', '重複した行'), (null, '識別子がない')")  # a repeat, a NULL id
    return texts


def test_an_incremental_run_embeds_the_new_and_changed_texts_and_equals_a_full_run(duck, tmp_path, given_model):
    load_texts(duck, BASE)
    first = embed(duck, _options(tmp_path, model_path=str(given_model)))
    assert first.new_version and not first.incremental
    _changed_source(duck)
    second = embed(duck, _options(tmp_path))
    assert second.incremental and second.embedding_version == first.embedding_version and not second.new_version
    # read: 5 changed + 6 new + 10 hostile + t010 twice + the NULL id + 'nul' (a NULL text is never fingerprinted
    # equal: always read again); unchanged: 40 - 5 changed - 5 gone - t010 (repeated) + 'empty' (its reject stays)
    assert second.rows_read == 5 + 6 + 10 + 2 + 1 + 1
    total = duck.execute("select count(*) from raw.texts").fetchone()[0]
    assert second.skipped_unchanged == total - second.rows_read == 30
    assert second.rows_read == second.vectors + second.rejected
    incremental = _tables(duck)
    # the same version, every text: what a full run writes
    full = embed(duck, _options(tmp_path, full=True))
    assert not full.incremental and full.embedding_version == first.embedding_version
    assert _tables(duck) == incremental
    ids = {r[0] for r in incremental["raw.text_vectors"]}
    assert "t039" not in ids and "n5" in ids and "t000" in ids
    assert [r for r in incremental["raw.text_vector_rejects"] if r[0] == "t010"] == [("t010", "duplicate_id")]
    # nothing staged is left behind
    tables = {r[0] for r in duck.execute("select table_name from information_schema.tables").fetchall()}
    assert not any(t.endswith(duckdb_io.STAGING_SUFFIX) for t in tables)


def test_a_rerun_with_nothing_new_reads_nothing_and_changes_nothing(duck, tmp_path, given_model):
    load_texts(duck, BASE)
    embed(duck, _options(tmp_path, model_path=str(given_model)))
    before = _tables(duck)
    again = embed(duck, _options(tmp_path))
    assert again.rows_read == 1 and again.skipped_unchanged == len(BASE) - 1  # only the NULL text
    assert _tables(duck) == before


@pytest.mark.parametrize("where", ["writing", "committing"])
def test_a_failed_incremental_run_leaves_every_table_as_it_was_and_the_rerun_completes(duck, tmp_path, monkeypatch,
                                                                                       where, given_model):
    load_texts(duck, BASE)
    embed(duck, _options(tmp_path, model_path=str(given_model)))
    before = _tables(duck)
    _changed_source(duck)
    if where == "writing":  # killed while vectors are written
        real, calls = pipeline._write_prepared, {"n": 0}

        def failing(*args):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
            return real(*args)
        monkeypatch.setattr(pipeline, "_write_prepared", failing)
    else:  # inside the transaction, after the deletes and inserts
        real_commit = duckdb_io.StagedTableWriter.commit

        def failing_commit(self, replace_where=None, before=(), after=()):
            return real_commit(self, replace_where, before, [*after, "select error('power cut')"])
        monkeypatch.setattr(duckdb_io.StagedTableWriter, "commit", failing_commit)
    with pytest.raises(Exception, match="disk full|power cut"):
        embed(duck, _options(tmp_path))
    assert _tables(duck) == before
    monkeypatch.undo()
    rerun = embed(duck, _options(tmp_path))
    assert rerun.incremental and rerun.rows_read == 25
    completed = _tables(duck)
    assert embed(duck, _options(tmp_path, full=True)).rows_read == 55 and _tables(duck) == completed


def test_retrain_makes_a_new_version_and_keeps_the_old_vectors_beside(duck, tmp_path):
    load_texts(duck, BASE)
    first = embed(duck, _options(tmp_path))
    old = rows_of(duck, "raw.text_vectors")
    retrained = embed(duck, _options(tmp_path, params=FastTextParams(dim=8, epoch=3, min_count=1, bucket=1000,
                                                                     threads=1), retrain=True))
    assert retrained.new_version and retrained.embedding_version != first.embedding_version
    kept = "raw.text_vectors__" + first.embedding_version.replace("-", "_")
    assert rows_of(duck, kept) == old
    assert {r[-1] for r in rows_of(duck, "raw.text_vectors")} == {retrained.embedding_version}
    registry = duck.execute("select embedding_version from raw.dwhml_embedding_versions order by created_at").fetchall()
    assert [r[0] for r in registry] == [first.embedding_version, retrained.embedding_version]
    # the next plain run is pinned to the new version
    assert embed(duck, _options(tmp_path)).embedding_version == retrained.embedding_version


def test_a_missing_or_changed_pinned_model_is_a_clear_error(duck, tmp_path):
    load_texts(duck, BASE)
    first = embed(duck, _options(tmp_path))
    model = duck.execute("select model_path from raw.dwhml_embedding_versions").fetchone()[0]
    with open(model, "ab") as fh:
        fh.write(b"x")
    with pytest.raises(ValueError, match=f"the fastText model .* of embedding version {first.embedding_version} has "
                                         "changed since it was pinned: restore it, or `dwhml embed --retrain`"):
        embed(duck, _options(tmp_path))
    os.remove(model)
    with pytest.raises(ValueError, match="whose fastText model .* is missing: restore it, or `dwhml embed --retrain`"):
        embed(duck, _options(tmp_path))
    # --retrain trains a model again (a new version, or the same one when fastText happens to repeat itself)
    retrained = embed(duck, _options(tmp_path, retrain=True))
    assert not retrained.incremental and retrained.rows_read == len(BASE)
    pinned = duck.execute("select model_path from raw.dwhml_embedding_versions order by created_at desc limit 1")
    assert os.path.isfile(pinned.fetchone()[0]) and embed(duck, _options(tmp_path)).incremental


def test_a_pinned_version_of_another_dictionary_is_refused(duck, tmp_path):
    load_texts(duck, BASE)
    embed(duck, _options(tmp_path))
    with pytest.raises(ValueError, match="is pinned to embedding version .* \\(dictionary ipadic-.*this run's are "
                                         "unidic-lite"):
        embed(duck, _options(tmp_path, dictionary="unidic-lite"))

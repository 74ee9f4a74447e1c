"""Every row read ends as a vector or a reject; the target is swapped, never half-written."""
import dataclasses
import math

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embeddings import pipeline
from embeddings.fasttext_model import FastTextParams
from embeddings.pipeline import EmbedOptions, embed
from embeddings.split import in_train_split

NASTY = {
    "n01": None,
    "n02": "",
    "n03": "   \t ",
    "n04": "求人\x00広告が増加",
    "n05": "制御\x07文字\x1bと\n改行\r\nを含む来客数",
    "n06": "家族\U0001F468\u200d\U0001F469\u200d\U0001F467で来店\U0001F44D\U0001F3FD",
    "n07": "ｽｰﾊﾟｰﾏｰｹｯﾄの来客数",
    "n08": "ＡＢＣ社の求人は増加",
    "n09": "人手不足が深刻化している。" * 80_000,  # ~1 MB
    "n10": "\u200b\ufe0f",
    "n11": "求人広告の件数は前年同月比で増加している。",
}


def load_texts(conn, rows, table="raw.texts"):
    conn.execute("create schema if not exists raw")
    ids, texts = zip(*rows.items()) if rows else ((), ())
    conn.register("src", pa.table({"id": pa.array(ids, pa.string()), "text": pa.array(texts, pa.string())}))
    conn.execute(f"create or replace table {table} as select * from src")
    conn.unregister("src")


def rows_of(conn, table):
    return conn.execute(f"select * from {table} order by id").fetchall()


def test_nasty_inputs_each_end_as_vector_or_reject(duck, tiny_model_path):
    load_texts(duck, NASTY)
    summary = embed(duck, EmbedOptions(model_path=tiny_model_path))
    rejects = dict(rows_of(duck, "raw.text_vector_rejects"))
    vectors = rows_of(duck, "raw.text_vectors")
    assert summary.rows_read == len(NASTY) == summary.vectors + summary.rejected
    assert len(vectors) + len(rejects) == len(NASTY)
    assert rejects == {"n01": "null_text", "n02": "empty_after_normalisation", "n03": "empty_after_normalisation",
                       "n09": "too_long", "n10": "empty_after_normalisation"}
    assert {r[0] for r in vectors} == {"n04", "n05", "n06", "n07", "n08", "n11"}
    tokens = {r[0]: r for r in rows_of(duck, "raw.text_tokens")}
    assert set(tokens) == {r[0] for r in vectors}  # every text that passed normalisation has its tokens
    assert tokens["n07"][1:] == ("スーパーマーケットの来客数", "スーパーマーケット の 来客 数")
    for row in vectors:
        assert len(row) == 1 + 16 + 1
        assert all(math.isfinite(x) for x in row[1:17])
        assert row[17] == summary.embedding_version


def test_a_vector_with_nan_in_it_is_a_reject_not_a_vector(duck, tiny_model_path, monkeypatch):
    """A fastText model that diverged has NaN word vectors: a text whose mean takes one in is rejected with its
    reason, keeps its tokens (the sparse models read them), and the row counts still add up."""
    import numpy as np

    from embeddings import fasttext_model

    class Diverged:
        def __init__(self, model):
            self._model = model

        def __getattr__(self, name):
            return getattr(self._model, name)

        def get_word_vector(self, word):
            vector = self._model.get_word_vector(word)
            return np.full_like(vector, np.nan) if word == "増加" else vector

    load = fasttext_model.load
    monkeypatch.setattr(fasttext_model, "load", lambda path: Diverged(load(path)))
    load_texts(duck, {"nan": "求人広告の件数が増加", "ok": "人手不足が深刻化している。", "none": None})
    summary = embed(duck, EmbedOptions(model_path=tiny_model_path))
    assert dict(rows_of(duck, "raw.text_vector_rejects")) == {"nan": "non_finite_vector", "none": "null_text"}
    assert [r[0] for r in rows_of(duck, "raw.text_vectors")] == ["ok"]
    assert [r[0] for r in rows_of(duck, "raw.text_tokens")] == ["nan", "ok"]
    assert summary.rows_read == 3 == summary.vectors + summary.rejected
    assert summary.rejects["non_finite_vector"] == 1


def test_a_one_megabyte_text_embeds_whole_when_allowed(duck, tiny_model_path):
    load_texts(duck, {"big": NASTY["n09"]})
    summary = embed(duck, EmbedOptions(model_path=tiny_model_path, max_chars=2_000_000))
    assert summary.vectors == 1 and summary.rejected == 0


def test_null_and_duplicate_ids_are_rejected(duck, tiny_model_path):
    duck.execute("create schema raw")
    duck.execute("create table raw.texts as select * from (values ('a', '求人'), ('a', '人手'), (null, '不足'), "
                 "('b', '来客')) t(id, text)")
    summary = embed(duck, EmbedOptions(model_path=tiny_model_path, batch_rows=1))
    assert summary.vectors == 2
    assert sorted(summary.rejects.items()) == [("duplicate_id", 1), ("null_id", 1)]
    assert [r[0] for r in rows_of(duck, "raw.text_vectors")] == ["a", "b"]


def test_rerun_is_idempotent_and_trains_from_the_corpus(duck, tmp_path):
    from conftest import CORPUS

    load_texts(duck, {f"t{i:03d}": t for i, t in enumerate(CORPUS)} | {"empty": ""})
    options = EmbedOptions(params=FastTextParams(dim=8, epoch=2, min_count=1, bucket=1000, threads=1),
                           store_dir=str(tmp_path / "store"), batch_rows=64)
    first = embed(duck, options)
    before = rows_of(duck, "raw.text_vectors")
    # The second run embeds with the pinned version and finds nothing new (tests/test_embed_incremental.py)
    second = embed(duck, options)
    assert second.incremental and not second.new_version and second.skipped_unchanged == len(CORPUS) + 1
    # --retrain trains from the same corpus: the cached model, the same version, every text again
    third = embed(duck, dataclasses.replace(options, retrain=True))
    assert not first.model_reused and third.model_reused and not third.incremental
    assert rows_of(duck, "raw.text_vectors") == before
    assert first.embedding_version == second.embedding_version == third.embedding_version
    assert len(before) == len(CORPUS) and third.rejects == {"empty_after_normalisation": 1}


def test_failure_mid_write_leaves_target_as_it_was(duck, tiny_model_path, monkeypatch):
    load_texts(duck, {"old": "求人"})
    embed(duck, EmbedOptions(model_path=tiny_model_path))
    old = rows_of(duck, "raw.text_vectors")
    load_texts(duck, {f"x{i}": "人手不足" for i in range(10)})
    calls = {"n": 0}
    real = pipeline._write_prepared

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(*args)

    monkeypatch.setattr(pipeline, "_write_prepared", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        embed(duck, EmbedOptions(model_path=tiny_model_path, batch_rows=2))
    assert rows_of(duck, "raw.text_vectors") == old
    tables = {r[0] for r in duck.execute("select table_name from information_schema.tables").fetchall()}
    assert not any(t.endswith("__dwhml_staging") for t in tables)


def test_select_source_and_clear_errors(duck, tiny_model_path):
    load_texts(duck, {"a": "求人", "b": "人手"})
    summary = embed(duck, EmbedOptions(source="select id, text from raw.texts where id = 'a'",
                                       model_path=tiny_model_path, output="main.v", rejects="main.r"))
    assert summary.vectors == 1
    with pytest.raises(ValueError, match="has no column body"):
        embed(duck, EmbedOptions(text_column="body", model_path=tiny_model_path))
    with pytest.raises(ValueError, match="invalid relation name"):
        embed(duck, EmbedOptions(source="raw.texts; drop table x", model_path=tiny_model_path))
    with pytest.raises(ValueError, match="cannot read texts"):
        embed(duck, EmbedOptions(source="raw.missing", model_path=tiny_model_path))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.none(), st.text(st.characters(exclude_categories=("Cs",)), max_size=40)), max_size=30))
def test_random_unicode_rows_reconcile(duck, tiny_model_path, texts):
    load_texts(duck, {f"r{i:03d}": t for i, t in enumerate(texts)})
    summary = embed(duck, EmbedOptions(model_path=tiny_model_path, batch_rows=7))
    n_vectors = duck.execute("select count(*) from raw.text_vectors").fetchone()[0]
    n_rejects = duck.execute("select count(*) from raw.text_vector_rejects").fetchone()[0]
    # hypothesis reuses the database: a later example's run is incremental (tests/test_embed_incremental.py)
    assert summary.rows_read + summary.skipped_unchanged == len(texts) == n_vectors + n_rejects


def test_supervised_labels_train_on_the_train_split_only(duck, tmp_path, monkeypatch):
    from conftest import CORPUS

    texts = {f"t{i:03d}": t for i, t in enumerate(CORPUS)}
    load_texts(duck, texts)
    duck.execute("create table raw.labels as select id, case when text like '%求人%' or text like '%人手%' "
                 "then 'jobs' else 'other' end as label from raw.texts")
    seen = []
    real_lines = pipeline._corpus_lines
    monkeypatch.setattr(pipeline, "_corpus_lines",
                        lambda batch, labels: seen.append(real_lines(batch, labels)) or seen[-1])
    options = EmbedOptions(output="raw.sup_vectors", rejects="raw.sup_rejects", tokens=None,
                           supervised_labels="raw.labels", store_dir=str(tmp_path / "s"),
                           params=FastTextParams.supervised(dim=8, epoch=2, min_count=1, bucket=500))
    summary = embed(duck, options)
    train = {i for i in texts if in_train_split(i)}  # the package's split (checked against its SQL: test_golden_sql)
    lines = "".join(seen).splitlines()
    assert 0 < len(lines) == len(train) < len(texts)  # only train-split rows, each once
    assert all(line.startswith(("__label__jobs ", "__label__other ")) for line in lines)
    assert summary.vectors == len(texts)  # every text gets a vector, test rows included
    assert duck.execute("select count(*) from raw.sup_vectors").fetchall()[0][0] == len(texts)
    assert not duck.execute("select * from information_schema.tables where table_name = 'text_tokens'").fetchall()


def test_supervised_labels_with_no_training_row_is_a_clear_error(duck, tmp_path):
    load_texts(duck, {"a": "求人が増えた"})
    duck.execute("create table raw.labels (id varchar, label varchar)")
    options = EmbedOptions(output="raw.sup_vectors", rejects="raw.sup_rejects", tokens=None,
                           supervised_labels="raw.labels", store_dir=str(tmp_path / "s"),
                           params=FastTextParams.supervised(dim=8))
    with pytest.raises(ValueError, match="no row of 'raw.labels' is in the train split"):
        embed(duck, options)

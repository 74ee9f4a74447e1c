import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from embeddings import fasttext_model
from embeddings.normalise import normalise
from embeddings.tokenize import Tokenizer
from embeddings.vectors import MeanTokenVectors

GOLDEN = Path(__file__).parent / "golden"


def python_loop_mean(model, line):
    vectors = [model.get_word_vector(t) for t in line.split(" ")]
    vectors = [v for v in vectors if np.any(v)]
    return np.mean(vectors, axis=0) if vectors else None


def test_vectorised_mean_equals_the_definition(tiny_model_path):
    model = fasttext_model.load(tiny_model_path)
    vec = MeanTokenVectors(model)
    lines = ["求人 広告 の 件数", "人手 不足", "未知語 です", "", "の の の"]
    matrix, ok = vec.mean(lines)
    assert matrix.shape == (5, 16) and matrix.dtype == np.float32
    for line, row, has in zip(lines, matrix, ok):
        expected = python_loop_mean(model, line)
        assert has == (expected is not None)
        if has:
            np.testing.assert_allclose(row, expected, rtol=1e-5, atol=1e-6)
    assert not ok[3]  # the empty line has no token


def test_golden_vectors_of_the_tiny_model_are_stable(tiny_model_path):
    golden = json.loads((GOLDEN / "vectors_tiny_fasttext_dim16.json").read_text(encoding="utf-8"))
    tok = Tokenizer()
    assert golden["dictionary_version"] == tok.version
    texts = [c["text"] for c in golden["cases"]]
    matrix, ok = MeanTokenVectors(fasttext_model.load(tiny_model_path)).mean(
        [tok.tokenize(normalise(t)) for t in texts])
    for case, row, has in zip(golden["cases"], matrix, ok):
        assert has == case["has_vector"], case["text"]
        np.testing.assert_allclose(row, case["vector"], atol=2e-6, err_msg=case["text"])


class FakeModel:
    """Two known words; everything else has no vector (a model trained without subwords)."""

    vectors = {"犬": np.array([1.0, 2.0], np.float32), "走る": np.array([3.0, 0.0], np.float32)}

    def get_dimension(self):
        return 2

    def get_words(self):
        return list(self.vectors)

    def get_word_vector(self, word):
        return self.vectors.get(word, np.zeros(2, np.float32))


def test_tokens_without_vectors_are_left_out_of_the_mean():
    matrix, ok = MeanTokenVectors(FakeModel()).mean(["猫 猫", "犬 猫 走る", "犬"])
    assert list(ok) == [False, True, True]
    np.testing.assert_allclose(matrix[1], [2.0, 1.0])
    np.testing.assert_allclose(matrix[2], [1.0, 2.0])


def test_unseen_tokens_with_subwords_grow_the_table(tiny_model_path):
    model = fasttext_model.load(tiny_model_path)
    vec = MeanTokenVectors(model)
    lines = [f"語{i}番" for i in range(3000)]  # more unseen tokens than the initial table holds
    matrix, ok = vec.mean(lines)
    assert ok.sum() > 2500
    for i in (0, 1, 1500, 2998, 2999):
        expected = model.get_word_vector(lines[i])
        assert ok[i] == bool(np.any(expected))
        np.testing.assert_allclose(matrix[i], expected, rtol=1e-5, atol=1e-6)


def test_training_is_cached_by_corpus_and_parameters(tmp_path, monkeypatch):
    # The caching logic alone: fastText 0.9.3 built here reports a spurious "Encountered NaN" on a corpus this
    # small in most fresh processes on some machines (12 of 12 measured on one), whatever the retries; real
    # training is covered by the embed pipeline and dbt tests on the sample.
    trained = []

    class Model:
        def save_model(self, path):
            Path(path).write_bytes(b"model")

    monkeypatch.setattr(fasttext_model, "_train", lambda corpus, params: trained.append(params) or Model())
    monkeypatch.setattr(fasttext_model, "load", lambda path: ("loaded", Path(path).read_bytes()))
    corpus = tmp_path / "c.txt"
    corpus.write_text("求人 広告 の 件数 は 増加\n人手 不足 が 深刻\n" * 200, encoding="utf-8")
    params = fasttext_model.FastTextParams(dim=8, epoch=1, min_count=1, bucket=500, threads=1)
    _, first, reused1 = fasttext_model.train_or_reuse(str(corpus), "a", params, tmp_path / "s")
    model, again, reused2 = fasttext_model.train_or_reuse(str(corpus), "a", params, tmp_path / "s")
    _, other, reused3 = fasttext_model.train_or_reuse(str(corpus), "b", params, tmp_path / "s")
    _, lr, reused4 = fasttext_model.train_or_reuse(str(corpus), "a", dataclasses.replace(params, lr=0.01), tmp_path / "s")
    assert (reused1, reused2, reused3, reused4) == (False, True, False, False) and len(trained) == 3
    assert again == first != other != lr and model == ("loaded", b"model")
    assert not list((tmp_path / "s").glob("*.tmp"))


def test_bad_parameters_are_named():
    with pytest.raises(ValueError, match="dim must be >= 1"):
        fasttext_model.FastTextParams(dim=0).validate()
    with pytest.raises(ValueError, match="skipgram, cbow or supervised"):
        fasttext_model.FastTextParams(model="glove").validate()


def test_default_bucket_keeps_model_small():
    assert fasttext_model.FastTextParams().bucket * 100 * 4 < 50e6

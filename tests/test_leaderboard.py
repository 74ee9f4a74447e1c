"""The leaderboard's candidates are ml_model configurations fitted by the materialization's own code: a
candidate's probabilities equal those of the version `dwhml_train` builds from the same rows and config."""
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dwhml import leaderboard
from python_udfs import sparse_linear, training

TEXTS = [("求人広告の件数は前年同月比で増加している。", "jobs"), ("派遣社員の時給が上昇している。", "jobs"),
         ("人手不足が深刻化している。", "jobs"), ("採用を増やす企業が多い。", "jobs"),
         ("来客数も客単価も大幅なプラスとなっている。", "other"), ("原材料価格の高騰が続いている。", "other"),
         ("インバウンド客の増加で売上が伸びている。", "other"), ("年末商戦は好調だった。", "other"),
         ("ガソリン価格が高止まりしている。", "other"), ("新車の販売が落ち込んでいる。", "other")]


@pytest.fixture(scope="module")
def corpus():
    rows = [(f"t{i:03d}-{k}", text + "。" * (k % 3), label) for k in range(6) for i, (text, label) in enumerate(TEXTS)]
    return leaderboard.corpus_from_rows(*zip(*rows), positive="jobs")


@pytest.mark.parametrize("name", ["bow_count_svc", "word_tfidf_svc"])
def test_a_candidate_scores_as_the_version_the_materialization_trains(corpus, name, tmp_path):
    rows = np.arange(0, len(corpus.ids), 2)
    test = np.arange(1, len(corpus.ids), 2)
    candidate = leaderboard.CANDIDATES[name]
    proba = leaderboard.fit(name, corpus, rows)(test)

    export = tmp_path / "export.parquet"
    train_rows = leaderboard._long_table(corpus, rows)
    pq.write_table(train_rows.append_column("is_jobs", pa.array(corpus.y[train_rows.column("id").to_numpy()], pa.int64())),
                   export)
    trained = training.train(name, {"target": "is_jobs", "problem_type": "binary_classification", "version": "v1",
                                    **candidate.config()}, str(export), str(tmp_path / "store"))
    weighting = sparse_linear.feature_settings(candidate.model_type, trained["hyperparameters"])["weighting"]
    ids, probability = sparse_linear.predict_proba(trained["artifact_location"], leaderboard._long_table(corpus, test),
                                                   2, weighting)
    assert list(ids) == list(test) and np.allclose(proba[:, 1], probability[:, 1], atol=1e-12)
    vocabulary = pq.read_table(Path(trained["artifact_location"]) / "vocabulary.parquet").column("feature").to_pylist()
    assert vocabulary and all(f.startswith("w:") for f in vocabulary)  # a bag of words: no character n-grams


def test_every_candidate_is_a_valid_ml_model_config():
    from python_udfs.model_config import hyperparameters

    for name, candidate in leaderboard.CANDIDATES.items():
        assert set(candidate.config()) == {"model_type", "hyperparameters"}
        hyperparameters(name, candidate.model_type, candidate.hyperparameters)  # raises on a bad one
        for component in candidate.components:
            assert component in leaderboard.CANDIDATES


def test_an_unknown_candidate_hyperparameter_fails_like_a_model_config(corpus, monkeypatch):
    monkeypatch.setitem(leaderboard.CANDIDATES, "bad", leaderboard.Candidate("sparse_linear", {"C": 1.0}))
    with pytest.raises(ValueError, match="unknown hyperparameter 'C'"):
        leaderboard.fit("bad", corpus, np.arange(20))


def test_a_blend_reuses_its_components_fits_in_a_run_and_counts_their_time(corpus, monkeypatch):
    # A run fits each candidate once per set of rows: the blend's components are not fitted again for it.
    calls = []
    real = leaderboard._fit_sparse
    monkeypatch.setattr(leaderboard, "_fit_sparse", lambda *args: calls.append(args[0]) or real(*args))
    monkeypatch.setitem(leaderboard.CANDIDATES, "blend_two_sparse", leaderboard.Candidate(
        "blend", {"weight": 0.5}, components=("sparse_linear_c0.5", "word_tfidf_svc")))
    rows, test, fitted = np.arange(0, len(corpus.ids), 2), np.arange(1, len(corpus.ids), 2), {}
    alone = [leaderboard.fit(name, corpus, rows, fitted)(test) for name in ("sparse_linear_c0.5", "word_tfidf_svc")]
    blend = leaderboard.fit("blend_two_sparse", corpus, rows, fitted)(test)
    assert len(calls) == 2 and np.allclose(blend, 0.5 * alone[0] + 0.5 * alone[1])
    assert leaderboard.fit_seconds("blend_two_sparse", rows, fitted) == pytest.approx(
        sum(leaderboard.fit_seconds(n, rows, fitted) for n in ("sparse_linear_c0.5", "word_tfidf_svc")))


def test_the_default_run_leaves_out_the_fasttext_parameter_variants():
    assert set(leaderboard.CANDIDATES) - set(leaderboard.DEFAULT_CANDIDATES) == {
        "dense_subword_1_3_xgboost", "dense_epoch_20_xgboost"}


def test_xgboost_stops_early_on_held_out_rows_only_when_they_stop_improving():
    from python_udfs.training import fit_xgboost

    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 5))
    signal = (X[:, 0] + 0.3 * rng.normal(size=600) > 0).astype(np.float32)
    noise = rng.integers(0, 2, size=600).astype(np.float32)
    params = {"num_round": 200, "max_depth": 3, "eta": 0.02}
    fits = {name: fit_xgboost(X[:500], y[:500], "binary_classification", params, 2, stop_on=(X[500:], y[500:]),
                              stop_after=20) for name, y in (("signal", signal), ("noise", noise))}
    # labels with nothing to learn stop within a few dozen rounds; learnable ones keep improving to the end
    assert fits["noise"].best_iteration < 50 < 150 < fits["signal"].best_iteration


def test_a_binary_text_at_probability_one_half_counts_as_positive_as_in_the_tuning_trials(corpus):
    """One tie rule for the leaderboard, the tuning trials and the SQL metrics (probability >= 0.5)."""
    from python_udfs.tuning import metrics

    rows = np.flatnonzero(corpus.y == 1)[:2]
    proba = np.array([[0.5, 0.5], [0.5, 0.5]])
    assert leaderboard.score(corpus, rows, proba)["f1"] == 1.0
    assert metrics("binary_classification", corpus.y[rows], proba)["f1"] == 1.0

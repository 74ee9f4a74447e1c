"""Topic models' trainer and measures (python_udfs/topics.py) on small data with known answers."""
import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scipy import sparse

from python_udfs import topics
from python_udfs.model_config import hyperparameters

VEGETABLES = ["野菜", "価格", "高騰", "天候", "不順", "産地"]
JOBS = ["求人", "採用", "人手", "不足", "派遣", "正社員"]


def _two_topic_rows(n_texts=300, seed=1):
    """Texts of one of two disjoint word sets, each with a stop word; every tenth text held out; one text of
    stop words only."""
    rng = np.random.default_rng(seed)
    rows = {"id": [], "feature": [], "weight": [], "is_test": []}
    for i in range(n_texts):
        words = VEGETABLES if i % 2 == 0 else JOBS
        for word in list(rng.choice(words, 6)) + ["の", "。"]:
            rows["id"].append(f"t{i:04d}")
            rows["feature"].append("w:" + word)
            rows["weight"].append(1.0)
            rows["is_test"].append(i % 10 == 0)
    for word in ["の", "は"]:
        rows["id"].append("only-stop-words")
        rows["feature"].append("w:" + word)
        rows["weight"].append(3.0)
        rows["is_test"].append(False)
    return pa.table(rows)


def _lda_params(**given):
    return hyperparameters("m", "lda", {"num_topics": 2, "min_df": 1, "max_df": 0.9, "iterations": 100, **given})


def test_lda_finds_the_two_word_sets_and_every_text_sums_to_one(tmp_path):
    read, metrics = topics.fit_lda(_two_topic_rows(), _lda_params(), tmp_path, "is_test")
    assert read == 301
    words = pq.read_table(tmp_path / "topic_words.parquet").to_pylist()
    top6 = [{w["word"] for w in words if w["topic"] == t and w["rank"] <= 6} for t in (0, 1)]
    assert sorted(map(sorted, top6)) == sorted([sorted(VEGETABLES), sorted(JOBS)])
    text_topics = pq.read_table(tmp_path / "text_topics.parquet").to_pandas()
    sums = text_topics.groupby("id").probability.sum()
    assert len(sums) == 300 and np.allclose(sums, 1.0)
    # Every text read is distributed or rejected, with the reason.
    rejects = pq.read_table(tmp_path / "topic_rejects.parquet").to_pylist()
    assert rejects == [{"id": "only-stop-words", "reason": "no_word_in_vocabulary"}]
    assert metrics["texts_train"] == 270 and metrics["texts_held_out"] == 30 and metrics["rejects"] == 1
    # Stop words never reach the vocabulary; held-out texts are scored, near the training perplexity (6 words).
    vocabulary = pq.read_table(tmp_path / "vocabulary.parquet").column("word").to_pylist()
    assert sorted(vocabulary) == sorted(VEGETABLES + JOBS)
    assert 5.0 < metrics["perplexity_held_out"] < 7.0


def test_the_same_rows_in_any_order_give_the_same_topics(tmp_path):
    table = _two_topic_rows()
    shuffled = table.take(pa.array(np.random.default_rng(0).permutation(len(table))))
    topics.fit_lda(table, _lda_params(), tmp_path, "is_test")
    (tmp_path / "again").mkdir()
    topics.fit_lda(shuffled, _lda_params(), tmp_path / "again", "is_test")
    for name in topics.TOPIC_TABLES["lda"]:
        assert pq.read_table(tmp_path / f"{name}.parquet").equals(pq.read_table(tmp_path / "again" / f"{name}.parquet"))


def test_sampling_in_steps_gives_the_topics_of_one_call(tmp_path, monkeypatch):
    monkeypatch.setattr(topics, "TRAIN_STEP", 1000)
    topics.fit_lda(_two_topic_rows(), _lda_params(), tmp_path, "is_test")
    monkeypatch.setattr(topics, "TRAIN_STEP", 7)  # 100 iterations: 14 calls of 7 and one of 2
    (tmp_path / "steps").mkdir()
    topics.fit_lda(_two_topic_rows(), _lda_params(), tmp_path / "steps", "is_test")
    for name in topics.TOPIC_TABLES["lda"]:
        assert pq.read_table(tmp_path / f"{name}.parquet").equals(pq.read_table(tmp_path / "steps" / f"{name}.parquet"))


def test_stop_words_none_keeps_them():
    counts = sparse.csr_matrix(np.ones((4, 3)))
    params = _lda_params(stop_words="none", max_df=1.0)
    assert topics.vocabulary_mask(counts, ["w:の", "w:。", "w:野菜"], params).tolist() == [True, True, True]
    params = _lda_params(max_df=1.0)
    assert topics.vocabulary_mask(counts, ["w:の", "w:。", "w:野菜"], params).tolist() == [False, False, True]


def test_a_corpus_of_stop_words_only_fails_saying_why(tmp_path):
    table = pa.table({"id": ["a", "b"], "feature": ["w:の", "w:は"], "weight": [1.0, 1.0]})
    with pytest.raises(ValueError, match="no word is left after the stop words"):
        topics.fit_lda(table, _lda_params(), tmp_path)


def test_npmi_by_hand():
    # Words 0 and 1 always together (NPMI 1 unless in every text), 0 and 2 never (-1), 1 and 2 never (-1).
    counts = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]]))
    assert topics.npmi_coherence(np.array([[0, 1]]), counts).tolist() == [pytest.approx(1.0)]
    assert topics.npmi_coherence(np.array([[0, 1, 2]]), counts).tolist() == [pytest.approx((1 - 1 - 1) / 3)]
    # Independent words: P(a,b) = P(a)P(b) gives 0.
    counts = sparse.csr_matrix(np.array([[1, 1], [1, 0], [0, 1], [0, 0]]))
    assert topics.npmi_coherence(np.array([[0, 1]]), counts)[0] == pytest.approx(0.0)
    # Half the texts with both, a quarter with one: log(0.5 / 0.5625) / -log(0.5).
    counts = sparse.csr_matrix(np.array([[1, 1], [1, 1], [1, 0], [0, 1]]))
    expected = math.log(0.5 / (0.75 * 0.75)) / -math.log(0.5)
    assert topics.npmi_coherence(np.array([[0, 1]]), counts)[0] == pytest.approx(expected)


def test_perplexity_of_a_uniform_model_is_the_vocabulary_size():
    counts = sparse.csr_matrix(np.array([[2, 1, 0, 1], [0, 3, 1, 0]]))
    theta = np.full((2, 3), 1 / 3)
    phi = np.full((3, 4), 1 / 4)
    assert topics.perplexity(theta, phi, counts) == pytest.approx(4.0)


def _blobs(seed=0):
    rng = np.random.default_rng(seed)
    centres = np.array([[5.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 5.0]])
    sizes = [60, 40, 20]
    X = np.vstack([c + rng.normal(0, 0.3, (n, 3)) for c, n in zip(centres, sizes)])
    ids = [f"v{i:03d}" for i in range(len(X))]
    return pa.table({"id": ids, "dim_0": X[:, 0], "dim_1": X[:, 1], "dim_2": X[:, 2]}), X


def test_kmeans_numbers_clusters_by_size_and_measures_them(tmp_path):
    table, X = _blobs()
    read, metrics = topics.fit_kmeans(table, hyperparameters("m", "kmeans", {"num_clusters": 3}), tmp_path)
    assert read == 120 and metrics["cluster_sizes"] == [60, 40, 20]
    centroids = pq.read_table(tmp_path / "centroids.parquet")
    assert centroids.column_names == ["cluster", "texts", "dim_0", "dim_1", "dim_2"]
    assert centroids.column("texts").to_pylist() == [60, 40, 20]
    C = np.column_stack([centroids.column(f"dim_{i}").to_numpy() for i in range(3)])
    np.testing.assert_allclose(C, [[5, 0, 0], [0, 5, 0], [0, 0, 5]], atol=0.2)
    cluster, _ = topics.nearest_centroid(X, C)
    assert np.bincount(cluster).tolist() == [60, 40, 20]
    assert metrics["silhouette"] > 0.8 and metrics["mean_squared_distance"] < 0.5


def test_kmeans_refuses_a_null_value_naming_the_row(tmp_path):
    table, _ = _blobs()
    values = table.column("dim_1").to_pylist()
    values[7] = None
    table = table.set_column(2, "dim_1", pa.array(values))
    with pytest.raises(ValueError, match="1 rows have a NULL or non-finite value \\(first id: 'v007'\\)"):
        topics.fit_kmeans(table, hyperparameters("m", "kmeans", {"num_clusters": 3}), tmp_path)


def test_the_same_vectors_in_any_order_give_the_same_centroids(tmp_path):
    table, _ = _blobs()
    shuffled = table.take(pa.array(np.random.default_rng(3).permutation(len(table))))
    params = hyperparameters("m", "kmeans", {"num_clusters": 3})
    topics.fit_kmeans(table, params, tmp_path)
    (tmp_path / "again").mkdir()
    topics.fit_kmeans(shuffled, params, tmp_path / "again")
    assert pq.read_table(tmp_path / "centroids.parquet").equals(pq.read_table(tmp_path / "again" / "centroids.parquet"))


@pytest.mark.parametrize("infer_slice", [topics.INFER_SLICE, 7])
def test_new_texts_get_the_distribution_the_fit_gave_its_held_out_texts(tmp_path, monkeypatch, infer_slice):
    import json

    monkeypatch.setattr(topics, "INFER_SLICE", infer_slice)  # the fit inferred them in one call

    table = _two_topic_rows()
    params = _lda_params()
    topics.fit_lda(table, params, tmp_path, "is_test")
    (tmp_path / "meta.json").write_text(json.dumps({"hyperparameters": params}))
    text_topics = pq.read_table(tmp_path / "text_topics.parquet").to_pandas()
    held_out = sorted({i for i, t in zip(table.column("id").to_pylist(), table.column("is_test").to_pylist()) if t})
    rows = table.to_pylist()
    features = [[r["feature"] for r in rows if r["id"] == i] for i in held_out]
    weights = [[r["weight"] for r in rows if r["id"] == i] for i in held_out]
    # In another order and batch than the fit saw them, with a text of unknown words only.
    inferred = topics.infer_topics(str(tmp_path), features[::-1] + [["w:未知"]], weights[::-1] + [[1.0]])
    assert len(held_out) > 2 * infer_slice or infer_slice == topics.INFER_SLICE
    assert inferred[-1] is None
    for i, theta in zip(held_out[::-1], inferred):
        expected = text_topics[text_topics.id == i].sort_values("topic").probability.to_numpy()
        np.testing.assert_allclose(theta, expected, rtol=0, atol=1e-12)


def test_the_example_seed_is_the_synthetic_generators_output(tmp_path):
    # The shipped log is made up by dwhml synthetic-events, not edited by hand: regenerating it gives its bytes.
    from dbt_runner import EXAMPLE
    from dwhml.synthetic_events import sample_events, write_csv

    write_csv(sample_events(), tmp_path / "events.csv")
    assert (tmp_path / "events.csv").read_bytes() == (EXAMPLE / "seeds" / "synthetic_events.csv").read_bytes()
    rows = sample_events(users=5, seed=1)
    assert rows == sample_events(users=5, seed=1) and {r[0] for r in rows} == {f"synthetic-user-{u:04d}" for u in range(5)}


def test_topic_counts_compare_on_the_same_rows_with_the_other_hyperparameters(tmp_path):
    from dwhml.topic_counts import compare_counts, format_results

    table = _two_topic_rows()
    given = {"min_df": 1, "max_df": 0.9, "iterations": 100}
    results = compare_counts(table, "lda", given, [2, 4], "is_test")
    assert [r["count"] for r in results] == [2, 4]  # two word sets: two topics are the more coherent
    assert results[0]["coherence_npmi"] > results[1]["coherence_npmi"]
    # the same measure as a version's own: the fit of 2 topics with these settings
    _, metrics = topics.fit_lda(table, _lda_params(), None, "is_test")
    assert results[0]["coherence_npmi"] == metrics["coherence_npmi"]
    assert "2 (current)" in format_results(results, "lda", 2)
    with pytest.raises(ValueError, match="'num_topics' must be >= 2"):
        compare_counts(table, "lda", given, [1], "is_test")


def test_cluster_counts_rank_by_silhouette():
    from dwhml.topic_counts import compare_counts, format_results

    table, _ = _blobs()  # three blobs
    results = compare_counts(table, "kmeans", {"n_init": 4, "max_iter": 300, "seed": 0}, [2, 3, 5])
    assert results[0]["count"] == 3 and results[0]["silhouette"] > max(r["silhouette"] for r in results[1:])
    assert "clusters" in format_results(results, "kmeans", 3).splitlines()[0]


def test_duckdb_infers_each_text_once_when_the_query_filters_on_its_distribution(tmp_path, monkeypatch):
    """macros/topics.sql (duckdb__lda_topics_sql, run from its golden) keeps the texts whose distribution is not
    NULL: DuckDB must not copy the plugin's call into that filter (each text inferred twice, 10 s of the demo's
    28)."""
    import json

    import duckdb

    from embeddings.names import string_literal
    from python_udfs.registry import register_all

    table = _two_topic_rows()
    params = _lda_params()
    topics.fit_lda(table, params, tmp_path, "is_test")
    (tmp_path / "meta.json").write_text(json.dumps({"hyperparameters": params}))
    inferred = []
    real = topics.infer_topics

    def counting(artifact, features, weights):
        inferred.extend(features)
        return real(artifact, features, weights)

    monkeypatch.setattr(topics, "infer_topics", counting)
    conn = duckdb.connect()
    register_all(conn)
    conn.register("word_rows", table.select(["id", "feature", "weight"]))
    # The macro's own SQL: its DuckDB golden (tests/test_golden_sql.py's topic_lda case), pointed at this fit.
    golden = Path(__file__).parent / "golden" / "sql" / "duckdb" / "topic_lda.sql"
    sql = golden.read_text().replace("'/store/comment_topics/v1'", string_literal(str(tmp_path)))
    assert str(tmp_path) in sql and "range(2)" in sql and params["num_topics"] == 2
    rows = conn.execute(sql).fetchall()
    texts = len(set(table.column("id").to_pylist()))
    assert len(inferred) == texts
    with_topics = len({r[0] for r in rows})
    assert 0 < with_topics <= texts and len(rows) == with_topics * params["num_topics"]

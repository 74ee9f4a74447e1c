"""meta.dwhml.tuning on DuckDB (python_udfs/tuning.py through the plugin's trainer): the validation split, the
study's trial records (failed and pruned trials included), the refit of the chosen trial, and the trials table's
ranking; the dbt build of the example's tuned models is tested in test_dbt_project.py, the BigQuery path in
test_bigquery_materialization.py."""
import json

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from python_udfs import tuning
from python_udfs.training import train
from dwhml.trials_table import best_so_far, ranked


def test_the_validation_split_depends_on_the_keys_not_their_order():
    keys = [f"t{i}" for i in range(1000)]
    (fit, valid), = tuning.validation_splits(keys, {"fraction": 0.2})
    assert len(set(fit) | set(valid)) == 1000 and not set(fit) & set(valid)
    assert 150 < len(valid) < 250
    shuffled = list(reversed(keys))
    (_, valid_again), = tuning.validation_splits(shuffled, {"fraction": 0.2})
    assert {keys[i] for i in valid} == {shuffled[i] for i in valid_again}
    folds = tuning.validation_splits(keys, {"folds": 4})
    assert sorted(np.concatenate([v for _, v in folds]).tolist()) == list(range(1000))
    with pytest.raises(ValueError, match="tuning needs rows to fit and to validate on"):
        tuning.validation_splits(["only"], {"fraction": 0.2})


def test_vector_rows_are_keyed_by_their_values():
    X = np.array([[0.5, 1.0], [0.25, -1.0]], dtype=np.float32)
    keys = tuning.row_keys(X, np.array([1.0, 0.0]))
    assert keys == tuning.row_keys(X[::-1], np.array([0.0, 1.0]))[::-1] and keys[0] != keys[1]


def _study(fit_and_score, trials=6, folds=None):
    config = {"trials": trials, "objective": "f1", "validation": {"folds": folds} if folds else {"fraction": 0.2},
              "parameters": {"c": {"range": [0.01, 10.0], "log": True}, "min_df": {"candidates": [1, 2, 3]}}}
    splits = tuning.validation_splits([str(i) for i in range(200)], config["validation"])
    return tuning.tune({"c": 0.5, "max_iter": 10, "min_df": 2, "char_ngram_max": 3},
                       config, splits, fit_and_score)


def test_a_failing_trial_is_recorded_and_the_study_goes_on():
    def fit_and_score(params, fit_rows, valid_rows):
        if params["min_df"] == 3:
            raise RuntimeError("solver diverged")
        return {"f1": 1.0 / (1.0 + abs(np.log(params["c"]))), "accuracy": 0.5}, None

    result = _study(fit_and_score, trials=12)
    statuses = [t["status"] for t in result["trials"]]
    assert len(statuses) == 12 and "failed" in statuses and "completed" in statuses
    failed = [t for t in result["trials"] if t["status"] == "failed"]
    assert all(t["error"] == "RuntimeError: solver diverged" and t["objective"] is None for t in failed)
    (chosen,) = [t for t in result["trials"] if t["chosen"]]
    assert chosen["objective"] == max(t["objective"] for t in result["trials"] if t["status"] == "completed")
    assert result["parameters"]["c"] == chosen["parameters"]["c"] and result["parameters"]["max_iter"] == 10
    assert all(t["fit_rows"] + t["validation_rows"] == 200 for t in result["trials"])


def test_trials_worse_than_the_median_after_a_fold_are_pruned():
    # Each trial reports its running mean after every fold; one below the earlier trials' median stops early.
    def fit_and_score(params, fit_rows, valid_rows):
        return {"f1": 1.0 / (1.0 + abs(np.log(params["c"])))}, None

    result = _study(fit_and_score, trials=15, folds=3)
    pruned = [t for t in result["trials"] if t["status"] == "pruned"]
    assert pruned and all(t["objective"] is None and not t["chosen"] for t in pruned)
    assert all(t["validation_rows"] == 200 for t in result["trials"])
    (chosen,) = [t for t in result["trials"] if t["chosen"]]
    assert chosen["objective"] == max(t["objective"] for t in result["trials"] if t["status"] == "completed")


def test_no_completed_trial_is_a_clear_error():
    def fit_and_score(params, fit_rows, valid_rows):
        raise ValueError("no feature kept")

    with pytest.raises(ValueError, match="no tuning trial completed .6 run.; the first failure: ValueError: no feature kept"):
        _study(fit_and_score)


def _sparse_rows(path, n=300, seed=0):
    rng = np.random.default_rng(seed)
    ids, features, weights, labels = [], [], [], []
    for i in range(n):
        label = i % 2
        for feature in (f"w:a{label}{rng.integers(4)}", f"w:n{rng.integers(40)}", "c:x", "c:xy", f"c:x{label}z"):
            ids.append(f"t{i}"), features.append(feature), weights.append(1.0), labels.append(label)
    pq.write_table(pa.table({"id": ids, "feature": features, "weight": weights, "label": labels}), path)


def test_the_chosen_trial_is_refitted_on_all_training_rows_and_recorded(tmp_path):
    _sparse_rows(tmp_path / "rows.parquet")
    config = {"target": "label", "problem_type": "binary_classification", "model_type": "sparse_linear",
              "version": "v1", "hyperparameters": {},
              "tuning": {"trials": 5, "objective": "f1", "validation": {"fraction": 0.25},
                         "parameters": {"c": {"range": [0.05, 5.0], "log": True},
                                        "char_ngram_max": {"candidates": [1, 2]}}}}
    meta = train("m", config, str(tmp_path / "rows.parquet"), str(tmp_path / "store"))
    trials = meta["tuning"]["trials"]
    assert len(trials) == 5 and sum(t["chosen"] for t in trials) == 1
    chosen = next(t for t in trials if t["chosen"])
    assert {k: meta["hyperparameters"][k] for k in chosen["parameters"]} == chosen["parameters"]
    assert meta["training_rows"] == 300 == chosen["fit_rows"] + chosen["validation_rows"]
    # the version learnt no character n-gram longer than the chosen maximum
    vocabulary = pq.read_table(tmp_path / "store" / "m" / "v1" / "vocabulary.parquet").column("feature").to_pylist()
    assert max(len(f) - 2 for f in vocabulary if f.startswith("c:")) <= chosen["parameters"]["char_ngram_max"]
    assert json.loads((tmp_path / "store" / "m" / "v1" / "meta.json").read_text())["tuning"]["trials"] == trials


def test_an_xgboost_trial_keeps_its_learning_curve(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 4))
    y = (X[:, 0] + 0.3 * rng.normal(size=400) > 0).astype(int)
    pq.write_table(pa.table({"label": y, **{f"dim_{i}": X[:, i] for i in range(4)}}), tmp_path / "rows.parquet")
    config = {"target": "label", "problem_type": "binary_classification", "model_type": "xgboost", "version": "v1",
              "hyperparameters": {"num_round": 30},
              "tuning": {"trials": 3, "objective": "log_loss", "validation": {"fraction": 0.2},
                         "parameters": {"max_depth": {"range": [1, 4]}}}}
    meta = train("m", config, str(tmp_path / "rows.parquet"), str(tmp_path / "store"))
    curve = meta["tuning"]["learning_curve"]
    assert curve["metric"] == "logloss" and len(curve["train"]) == len(curve["validation"]) == 30
    chosen = next(t for t in meta["tuning"]["trials"] if t["chosen"])
    assert chosen["objective"] == min(t["objective"] for t in meta["tuning"]["trials"])  # lower is better
    assert meta["hyperparameters"]["max_depth"] == chosen["parameters"]["max_depth"]


def test_a_tuned_blend_is_refused(tmp_path):
    _sparse_rows(tmp_path / "rows.parquet")
    config = {"target": "label", "problem_type": "binary_classification", "model_type": "sparse_linear",
              "version": "v1", "hyperparameters": {}, "tuning": {"trials": 2, "objective": "f1",
              "validation": {"fraction": 0.2}, "parameters": {"c": {"candidates": [0.1, 1.0]}}}}
    config["model_type"] = "blend"
    with pytest.raises(ValueError, match="meta.dwhml.tuning is for model_type xgboost, sparse_linear, bow_linear_svc"):
        train("m", {**config, "components": []}, str(tmp_path / "rows.parquet"), str(tmp_path / "store"))


def test_trials_rank_best_first_and_the_best_so_far_line():
    trials = [{"trial": 1, "objective": 0.5}, {"trial": 2, "objective": None}, {"trial": 3, "objective": 0.7},
              {"trial": 4, "objective": 0.6}]
    assert [t["trial"] for t in ranked(trials, lower_is_better=False)] == [3, 4, 1, 2]
    assert [t["trial"] for t in ranked(trials, lower_is_better=True)] == [1, 4, 3, 2]
    assert best_so_far(trials, lower_is_better=False) == [0.5, 0.5, 0.7, 0.7]
    assert best_so_far(trials, lower_is_better=True) == [0.5, 0.5, 0.5, 0.5]


def test_the_objectives_are_the_quality_gates_metrics(tmp_path):
    from dbt_runner import DbtProject

    result = DbtProject(tmp_path).dbt("compile", "--quiet", "--inline", "{{ tojson(dwhml.model_metrics_by_problem()) }}")
    assert result.returncode == 0, result.stdout[-2000:]
    compiled = json.loads(result.stdout.strip().splitlines()[-1])
    assert {k: tuple(v) for k, v in compiled.items()} == tuning.METRICS
    y = np.array([0, 1, 1, 0])
    scores = np.array([[0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.4, 0.6]])
    assert set(tuning.metrics("binary_classification", y, scores)) == set(tuning.METRICS["binary_classification"])


def test_the_first_trial_tries_the_models_own_values():
    seen = []

    def fit_and_score(params, fit_rows, valid_rows):
        seen.append(dict(params))
        return {"f1": 0.5}, None

    result = _study(fit_and_score, trials=3)
    assert (seen[0]["c"], seen[0]["min_df"]) == (0.5, 2) and result["trials"][0]["parameters"] == {"c": 0.5, "min_df": 2}


def test_a_bag_of_words_baseline_tunes_its_weighting_and_c(tmp_path):
    _sparse_rows(tmp_path / "rows.parquet")
    config = {"target": "label", "problem_type": "binary_classification", "model_type": "bow_linear_svc",
              "version": "v1", "hyperparameters": {},
              "tuning": {"trials": 4, "objective": "accuracy", "validation": {"folds": 2},
                         "parameters": {"weighting": {"candidates": ["count", "tfidf"]},
                                        "c": {"range": [0.1, 2.0]}}}}
    meta = train("m", config, str(tmp_path / "rows.parquet"), str(tmp_path / "store"))
    chosen = next(t for t in meta["tuning"]["trials"] if t["chosen"])
    assert meta["hyperparameters"]["weighting"] == chosen["parameters"]["weighting"] in ("count", "tfidf")
    assert all(t["validation_rows"] == 300 for t in meta["tuning"]["trials"])  # two folds: every row once


def test_trials_command_without_a_tuned_model_says_how_to_tune(tmp_path, capsys):
    import duckdb

    from dwhml.cli import main

    database = tmp_path / "empty.duckdb"
    duckdb.connect(str(database)).close()
    assert main(["trials", "--database", str(database)]) == 1
    assert "no tuned model yet: give an ml_model meta.dwhml.tuning" in capsys.readouterr().err

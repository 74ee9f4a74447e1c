"""What meta.dwhml.tuning costs on DuckDB: the plugin's trainer fitting a model plainly (its hyperparameters as
given) against the same model tuned (N trials on a fifth of the training rows, then the chosen trial refitted on
all of them), in one run, for the sparse model and XGBoost on the bundled sample's train split (雇用 vs rest).

    .venv/bin/python -m benchmarks.tuning_cost [--texts 10000] [--trials 8]

Prints per model: the plain fit, the tuned fit, the seconds per trial and its ratio to the plain fit (after an
untimed warm-up fit), and the validation objective of the best trial beside that of the untuned hyperparameters'
trial (XGBoost's move run to run: fastText's vectors are not reproducible).
"""
from __future__ import annotations

import argparse
import os
import tempfile

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.common import Timer
from dwhml import leaderboard
from dwhml.settings import SAMPLE_CSV
from embeddings.split import in_train_split
from python_udfs.training import train

SPACES = {
    "sparse_linear": {"c": {"range": [0.05, 5.0], "log": True}, "min_df": {"candidates": [1, 2, 3]},
                      "char_ngram_max": {"candidates": [2, 3]}},
    "xgboost": {"eta": {"range": [0.02, 0.3], "log": True}, "max_depth": {"range": [2, 8]},
                "min_child_weight": {"range": [1.0, 10.0], "log": True}, "subsample": {"range": [0.6, 1.0]}},
}
FIXED = {"sparse_linear": {}, "xgboost": {"num_round": 200}}


def training_rows(texts: int):
    """(ids, texts, labels) of the first `texts` comments of the sample's train split: 1 for 雇用."""
    import duckdb

    rows = duckdb.sql(f"select id, text, label from read_csv('{SAMPLE_CSV}', header = true) order by id").fetchall()
    kept = [(i, t, int(label == "雇用")) for i, t, label in rows if in_train_split(i)][:texts]
    return tuple(zip(*kept))


def write_inputs(corpus, directory: str) -> dict[str, str]:
    """The trainer's Parquet inputs: long (id, feature, weight, label) rows and (label, dim_0..) vectors."""
    table = corpus.features()
    labels = pa.array(corpus.y[table.column("id").to_numpy()], pa.int64())
    pq.write_table(table.append_column("label", labels), os.path.join(directory, "sparse.parquet"))
    vectors = {"label": corpus.y, **{f"dim_{j}": corpus.vectors[:, j] for j in range(corpus.vectors.shape[1])}}
    pq.write_table(pa.table(vectors), os.path.join(directory, "xgboost.parquet"))
    return {"sparse_linear": os.path.join(directory, "sparse.parquet"),
            "xgboost": os.path.join(directory, "xgboost.parquet")}


def fit(model_type: str, source: str, store: str, version: str, tuning=None) -> tuple[float, dict]:
    """Seconds and metadata of one train() call on a copy of `source` (train() moves its input away)."""
    path = os.path.join(store, f"{version}.parquet")
    pq.write_table(pq.read_table(source), path)
    config = {"target": "label", "problem_type": "binary_classification", "model_type": model_type,
              "version": version, "hyperparameters": FIXED[model_type], "tuning": tuning}
    with Timer() as timer:
        meta = train(f"bench_{model_type}", config, path, store)
    return timer.seconds, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=8)
    args = parser.parse_args()
    ids, texts, labels = training_rows(args.texts)
    with tempfile.TemporaryDirectory(prefix="dwhml-bench-tuning-") as tmp:
        corpus = leaderboard.corpus_from_rows(ids, texts, labels, positive=1,
                                              fasttext_store=os.path.join(tmp, "fasttext"))
        inputs = write_inputs(corpus, tmp)
        print(f"{len(corpus.ids):,} texts of the sample's train split (雇用 vs rest, {int(corpus.y.sum()):,} "
              f"positive); {args.trials} trials on a 20% validation split, objective f1", flush=True)
        for model_type, source in inputs.items():
            tuning = {"trials": args.trials, "parallel_trials": 1, "objective": "f1",
                      "validation": {"fraction": 0.2}, "parameters": SPACES[model_type]}
            fit(model_type, source, tmp, "warm-up")  # imports and first-call costs out of both timings
            plain_seconds, _ = fit(model_type, source, tmp, "plain")
            tuned_seconds, meta = fit(model_type, source, tmp, "tuned", tuning)
            trials = meta["tuning"]["trials"]
            per_trial = sum(t["seconds"] for t in trials) / len(trials)
            refit = meta["train_seconds"]
            best = max(t["objective"] for t in trials if t["objective"] is not None)
            untuned = trials[0]["objective"]  # trial 1 tries the model's own values
            print(f"{model_type}: plain fit {plain_seconds:.1f}s; tuned {tuned_seconds:.1f}s = {len(trials)} trials "
                  f"({per_trial:.1f}s each, {per_trial / plain_seconds:.2f}x the plain fit) + refit {refit:.1f}s; "
                  f"study overhead {tuned_seconds - refit - sum(t['seconds'] for t in trials):.1f}s; "
                  f"validation f1: best trial {best:.4f}, the untuned values (trial 1) {untuned:.4f}", flush=True)
    print("Each trial fits on 80% of the rows (the sparse model: 3 calibration folds + a final fit, as a plain fit; "
          "an XGBoost trial also scores both row sets every round for its learning curve).")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()

"""Topic counts compared on a topic model's own training rows: the leaderboard of a topic model's number of
topics (LDA's num_topics, k-means' num_clusters).

Each count is fitted with the model's other hyperparameters on the rows its current version trained on
(the version's train.parquet, held-out texts included), and measured as every version is (python_udfs/topics.py):
LDA by NPMI coherence and held-out perplexity, k-means by silhouette and mean squared distance, with the fit
time. Nothing is written to the warehouse or the model store.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pyarrow.parquet as pq
from tabulate import tabulate

from python_udfs.model_config import hyperparameters
from python_udfs.topics import fit_kmeans, fit_lda

# Per model type: the hyperparameter counted, the measure ranked by (higher is better) and the other one shown.
COUNTED = {"lda": ("num_topics", "coherence_npmi", "perplexity_held_out"),
           "kmeans": ("num_clusters", "silhouette", "mean_squared_distance")}


def current_version(conn, model: str, schema: str = "main") -> dict:
    """The registry row of a topic model's current (newest promoted) version."""
    rows = conn.execute(f"""
        select model_version, model_type, hyperparameters, artifact_location, features
        from {schema}.dwhml_model_registry
        where model_name = ? and status = 'promoted' order by recorded_at desc limit 1""", [model]).fetchall()
    if not rows:
        raise LookupError(f"no promoted version of model {model!r} in {schema}.dwhml_model_registry: run dbt build first")
    version, model_type, params, artifact, features = rows[0]
    if model_type not in COUNTED:
        raise ValueError(f"model {model!r} is a {model_type} model: counts are compared for lda and kmeans models")
    return {"model_version": version, "model_type": model_type, "hyperparameters": json.loads(params),
            "artifact_location": artifact, "features": json.loads(features)}


def compare_counts(training_rows, model_type: str, given: dict, counts: list[int],
                   split_column: str | None = None) -> list[dict]:
    """One result per count, best first by the model type's ranking measure: count, the two measures,
    fit_seconds."""
    counted, ranked, shown = COUNTED[model_type]
    results = []
    for count in counts:
        params = hyperparameters("topic counts", model_type, {**given, counted: count})
        started = time.perf_counter()
        if model_type == "lda":
            _, metrics = fit_lda(training_rows, params, None, split_column)
        else:
            table = pq.read_table(training_rows) if isinstance(training_rows, str) else training_rows
            _, metrics = fit_kmeans(table.drop_columns([split_column]) if split_column else table, params, None)
        results.append({"count": count, ranked: metrics[ranked], shown: metrics[shown],
                        "fit_seconds": time.perf_counter() - started})
    return sorted(results, key=lambda r: (-r[ranked], r["count"]))


def run(conn, model: str, counts: list[int], schema: str = "main") -> tuple[dict, list[dict]]:
    version = current_version(conn, model, schema)
    training = Path(version["artifact_location"]) / "train.parquet"
    if not training.is_file():
        raise FileNotFoundError(f"the training rows of {model} version {version['model_version']} are not at {training}")
    counted = COUNTED[version["model_type"]][0]
    names = pq.read_schema(training).names
    # The model's data_split_column, when it had one: the column that is neither id nor a feature (LDA's features
    # are recorded as feature and weight).
    split = next((c for c in names if c != "id" and c not in version["features"]), None)
    given = {k: v for k, v in version["hyperparameters"].items() if k != counted}
    return version, compare_counts(str(training), version["model_type"], given, counts, split)


def format_results(results: list[dict], model_type: str, current: int) -> str:
    _, ranked, shown = COUNTED[model_type]
    return tabulate([(f"{r['count']}{' (current)' if r['count'] == current else ''}", f"{r[ranked]:.4f}",
                      "-" if r[shown] is None else f"{r[shown]:.1f}" if model_type == "lda" else f"{r[shown]:.4f}",
                      f"{r['fit_seconds']:.1f}") for r in results],
                    headers=["topics" if model_type == "lda" else "clusters", ranked, shown, "fit s"],
                    tablefmt="simple", disable_numparse=True)

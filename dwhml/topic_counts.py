"""Topic counts compared on a topic model's own training rows: the leaderboard of an LDA model's num_topics.

Each count is fitted with the model's other hyperparameters on the rows its current version trained on
(the version's train.parquet, held-out texts included), and measured as every version is (python_udfs/topics.py):
NPMI coherence, held-out perplexity, fit time. Nothing is written to the warehouse or the model store.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from tabulate import tabulate

from python_udfs.model_config import hyperparameters
from python_udfs.topics import fit_lda


def current_lda_version(conn, model: str, schema: str = "main") -> dict:
    """The registry row of an LDA model's current (newest promoted) version."""
    rows = conn.execute(f"""
        select model_version, model_type, hyperparameters, artifact_location
        from {schema}.dwhml_model_registry
        where model_name = ? and status = 'promoted' order by recorded_at desc limit 1""", [model]).fetchall()
    if not rows:
        raise LookupError(f"no promoted version of model {model!r} in {schema}.dwhml_model_registry: run dbt build first")
    version, model_type, params, artifact = rows[0]
    if model_type != "lda":
        raise ValueError(f"model {model!r} is a {model_type} model: topic counts are compared for lda models")
    return {"model_version": version, "hyperparameters": json.loads(params), "artifact_location": artifact}


def compare_counts(training_rows, given: dict, counts: list[int], split_column: str | None) -> list[dict]:
    """One result per count, most coherent first: topics, coherence_npmi, perplexity_held_out, fit_seconds."""
    results = []
    for count in counts:
        params = hyperparameters("topic counts", "lda", {**given, "num_topics": count})
        started = time.perf_counter()
        _, metrics = fit_lda(training_rows, params, None, split_column)
        results.append({"topics": count, "coherence_npmi": metrics["coherence_npmi"],
                        "perplexity_held_out": metrics["perplexity_held_out"],
                        "fit_seconds": time.perf_counter() - started})
    return sorted(results, key=lambda r: (-r["coherence_npmi"], r["topics"]))


def run(conn, model: str, counts: list[int], schema: str = "main") -> tuple[dict, list[dict]]:
    version = current_lda_version(conn, model, schema)
    training = Path(version["artifact_location"]) / "train.parquet"
    if not training.is_file():
        raise FileNotFoundError(f"the training rows of {model} version {version['model_version']} are not at {training}")
    import pyarrow.parquet as pq

    # The model's data_split_column, when it had one: the column beside id, feature and weight.
    split = next((c for c in pq.read_schema(training).names if c not in ("id", "feature", "weight")), None)
    given = {k: v for k, v in version["hyperparameters"].items() if k != "num_topics"}
    return version, compare_counts(str(training), given, counts, split)


def format_results(results: list[dict], current: int) -> str:
    return tabulate([(f"{r['topics']}{' (current)' if r['topics'] == current else ''}", f"{r['coherence_npmi']:.4f}",
                      "-" if r["perplexity_held_out"] is None else f"{r['perplexity_held_out']:.1f}",
                      f"{r['fit_seconds']:.1f}") for r in results],
                    headers=["topics", "coherence (NPMI)", "held-out perplexity", "fit s"], tablefmt="simple",
                    disable_numparse=True)

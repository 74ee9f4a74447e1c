"""`dwhml build`: dbt build with asynchronous warehouse training in between (docs/decisions/0009).

On Redshift CREATE MODEL returns before SageMaker has trained, so one `dbt build` cannot
train and score in a single pass. The sequence is:
  1. submit: `dbt run` of the ml_model nodes with var dwhml_submit_only (each starts or
     attaches to its training, records it, and succeeds),
  2. wait: poll STV_ML_MODEL_INFO until every recorded training is ready (or fails / times out),
     and fit on the client the versions the warehouse cannot train (the linear models, decision 0014),
  3. build: `dbt build` of everything; the ml_model nodes attach to the trained versions,
     gate and promote them, then predictions, evaluation and tests run.
On DuckDB training is synchronous: step 3 alone. BigQuery ML trains inside step 1; its linear
versions wait for step 2 like Redshift's.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def dbt_runner(dbt_args: list[str]):
    dbt = str(Path(sys.executable).parent / "dbt")

    def run(*args: str) -> int:
        return subprocess.run([dbt, *args, *dbt_args]).returncode
    return run


def build(target: str, run_dbt, wait) -> int:
    """Run the sequence; `run_dbt(*args) -> returncode`, `wait() -> None` (raises on failure/timeout)."""
    if target == "duckdb":
        return run_dbt("build")
    submitted = run_dbt("run", "--select", "config.materialized:ml_model",
                        "--vars", json.dumps({"dwhml_submit_only": True}))
    if submitted != 0:
        return submitted
    wait()
    return run_dbt("build")

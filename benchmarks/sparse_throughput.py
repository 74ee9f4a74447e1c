"""Benchmark: the sparse linear model in plain SQL on millions of texts, beside the dense path.

    make bench-sparse
    python -m benchmarks.sparse_throughput --rows 200000

Runs the real project: loads the sample, embeds it, `dbt run`s text_features and
employment_sparse, then replaces raw.text_tokens by --rows token rows (the
sample's, repeated under new ids), times `dbt run -s text_features` (the feature
table build in SQL) and the analyst table macro fn_employment_sparse over all of
them in a plain DuckDB connection, and the dense path (XGBoost UDF) on as many
vector rows for comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.common import Timer
from dwhml.settings import PROJECT_ROOT


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # The sample's comments average ~180 features each (words + 1-3-grams), so 500,000
    # texts already make ~90M feature rows; titles of a few words make far fewer.
    parser.add_argument("--rows", type=int, default=500_000)
    args = parser.parse_args(argv)
    import duckdb

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="dwhml-bench-") as work:
        env = {**os.environ, "DWHML_DUCKDB_PATH": os.path.join(work, "bench.duckdb"),
               "DWHML_MODEL_STORE": os.path.join(work, "store"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        shutil.copy(PROJECT_ROOT / "profiles.example.yml", os.path.join(work, "profiles.yml"))

        def run(*command):
            result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
            if result.returncode:
                raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
            return result

        def dbt(*dbt_args):
            run(str(bin_dir / "dbt"), *dbt_args, "--profiles-dir", work, "--project-dir", str(PROJECT_ROOT),
                "--target-path", os.path.join(work, "target"), "--log-path", os.path.join(work, "logs"))
            results = json.loads(Path(work, "target", "run_results.json").read_text())
            return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}

        run(str(bin_dir / "dwhml"), "load-sample")
        run(str(bin_dir / "dwhml"), "embed", "--store", os.path.join(work, "store", "fasttext"))
        dbt("run", "-s", "+employment_sparse")

        conn = duckdb.connect(env["DWHML_DUCKDB_PATH"])
        n_sample = conn.execute("select count(*) from raw.text_tokens").fetchall()[0][0]
        conn.execute(f"""create or replace table raw.text_tokens as
            select t.id || '-' || r.range as id, t.normalised, t.tokens
            from raw.text_tokens as t, range(cast(ceil({args.rows} / {n_sample}.0) as bigint)) as r
            order by r.range, t.id limit {args.rows}""")
        conn.close()
        build = dbt("run", "-s", "text_features")["text_features"]

        conn = duckdb.connect(env["DWHML_DUCKDB_PATH"], read_only=True)  # a plain client: no plugin
        n_features = conn.execute("select count(*) from main.text_features").fetchall()[0][0]
        n_weights = conn.execute("select count(*) from main.employment_sparse__vocabulary").fetchall()[0][0]
        with Timer() as scoring:
            scored = conn.execute("select count(*), avg(predicted_probability) "
                                  "from fn_employment_sparse('main.text_features')").fetchall()[0]
        conn.close()
        print(f"sparse linear model in plain SQL over {args.rows:,} texts ({n_features:,} feature rows, "
              f"{n_weights:,}-feature vocabulary):")
        print(f"  feature table build (dbt run -s text_features): {build:.1f}s")
        print(f"  scoring with fn_employment_sparse in a plain DuckDB session: {scoring.seconds:.1f}s "
              f"({args.rows / scoring.seconds:,.0f} texts/s; {scored[0]:,} texts scored)")
        print("  dense path for the same number of rows: see `make bench-predict` (UDF and native XGBoost)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

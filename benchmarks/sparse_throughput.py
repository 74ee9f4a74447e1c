"""Benchmark: the sparse linear model in plain SQL beside the dense path, on the same millions of texts.

    make bench-sparse
    python -m benchmarks.sparse_throughput --rows 500000 --chars 0

Runs the real project: loads the sample (each comment cut to its first --chars
characters, a stand-in for titles and names; 0 keeps whole comments), embeds it,
`dbt run`s text_features, employment_sparse and employment_classifier, then
repeats the token and vector rows under new ids up to --rows texts and times, in
the same run:

- the feature table build in SQL (`dbt run -s text_features`);
- the sparse model's table macro fn_employment_sparse over all texts, in a plain
  DuckDB connection (no plugin);
- the dense model on the same texts: the plugin's XGBoost UDF (what the
  predictions models use) and native XGBoost inplace_predict on the same matrix
  in memory (the reference).
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
from dwhml.settings import CHECKOUT, example_project


def _repeat(conn, table: str, rows: int) -> None:
    n = conn.execute(f"select count(*) from {table}").fetchall()[0][0]
    conn.execute(f"""create or replace table {table} as
        select t.* replace (t.id || '-' || r.range as id)
        from {table} as t, range(cast(ceil({rows} / {n}.0) as bigint)) as r
        order by r.range, t.id limit {rows}""")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=3_000_000)
    # Whole comments carry ~180 features each (500,000 of them make ~91M feature rows);
    # cut to 24 characters they carry a few dozen, like product names or titles.
    parser.add_argument("--chars", type=int, default=24)
    args = parser.parse_args(argv)
    import duckdb
    import numpy as np
    import xgboost as xgb

    from python_udfs.registry import register_all

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="dwhml-bench-") as work:
        database = os.path.join(work, "bench.duckdb")
        env = {**os.environ, "DWHML_DUCKDB_PATH": database, "DWHML_MODEL_STORE": os.path.join(work, "store"),
               "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        shutil.copy(CHECKOUT / "profiles.example.yml", os.path.join(work, "profiles.yml"))

        def run(*command):
            result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=CHECKOUT)
            if result.returncode:
                raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
            return result

        def dbt(*dbt_args):
            run(str(bin_dir / "dbt"), *dbt_args, "--profiles-dir", work, "--project-dir", str(example_project()),
                "--target-path", os.path.join(work, "target"), "--log-path", os.path.join(work, "logs"))
            results = json.loads(Path(work, "target", "run_results.json").read_text())
            return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}

        run(str(bin_dir / "dbt"), "deps", "--profiles-dir", work, "--project-dir", str(example_project()))
        run(str(bin_dir / "dwhml"), "load-sample")
        if args.chars:
            conn = duckdb.connect(database)
            conn.execute(f"update raw.texts set text = left(text, {int(args.chars)})")
            conn.close()
        run(str(bin_dir / "dwhml"), "embed", "--store", os.path.join(work, "store", "fasttext"))
        dbt("run", "-s", "+employment_sparse", "+employment_classifier")

        conn = duckdb.connect(database)
        _repeat(conn, "raw.text_tokens", args.rows)
        _repeat(conn, "raw.text_vectors", args.rows)
        artifact = conn.execute("select artifact_location from main.employment_classifier").fetchall()[0][0]
        conn.close()
        build = dbt("run", "-s", "text_features")["text_features"]

        conn = duckdb.connect(database, read_only=True)  # a plain client: no plugin
        n_features = conn.execute("select count(*) from main.text_features").fetchall()[0][0]
        n_weights = conn.execute("select count(*) from main.employment_sparse__vocabulary").fetchall()[0][0]
        with Timer() as sparse:
            scored = conn.execute("select count(*), avg(predicted_probability) "
                                  "from fn_employment_sparse('main.text_features')").fetchall()[0]
        register_all(conn)
        dims = ", ".join(f"dim_{i}" for i in range(100))
        with Timer() as udf:
            conn.execute(f"select count(*), avg(dwhml_predict('{artifact}', [{dims}]::float[]).probability) "
                         "from raw.text_vectors").fetchall()
        with Timer() as fetch:
            matrix = conn.sql(f"select {dims} from raw.text_vectors").fetchnumpy()
            matrix = np.column_stack([matrix[f"dim_{i}"] for i in range(100)]).astype(np.float32)
        booster = xgb.Booster(model_file=os.path.join(artifact, "model.ubj"))
        booster.set_param({"nthread": os.cpu_count() or 1})
        with Timer() as native:
            booster.inplace_predict(matrix)
        conn.close()

    what = f"texts cut to {args.chars} characters" if args.chars else "whole comments"
    print(f"{args.rows:,} texts ({what}; the sample repeated under new ids), 雇用 vs rest, in one run:")
    print(f"  sparse: feature table build in SQL (dbt run -s text_features): {build:.1f}s "
          f"-> {n_features:,} feature rows ({n_features / args.rows:.0f} per text)")
    print(f"  sparse: fn_employment_sparse in a plain DuckDB session ({n_weights:,}-feature vocabulary): "
          f"{sparse.seconds:.1f}s ({args.rows / sparse.seconds:,.0f} texts/s; {scored[0]:,} scored)")
    print(f"  dense:  dwhml_predict UDF (XGBoost, 200 trees) in DuckDB: {udf.seconds:.1f}s")
    print(f"  dense:  native inplace_predict on the matrix in memory: {native.seconds:.1f}s "
          f"(+{fetch.seconds:.1f}s to fetch it from DuckDB)")
    print(f"  ratios: sparse SQL / native dense {sparse.seconds / native.seconds:.2f}; "
          f"sparse SQL / dense UDF {sparse.seconds / udf.seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

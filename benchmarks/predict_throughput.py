"""Benchmark: training and batch prediction the way the dbt project runs them, against native XGBoost.

    make bench-predict
    python -m benchmarks.predict_throughput --rows 1000000 --macro-rows 50000

Trains the employment model's configuration (200 rounds, depth 6) on the
sample's vectors through the materialization's path (COPY to Parquet +
dwhml_train UDF) and natively; then scores --rows vectors with the
predictions model's UDF inside DuckDB and with native inplace_predict on the
same matrix, and the portable SQL macro on --macro-rows.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

import numpy as np

from benchmarks.common import Timer

CONFIG = {"target": "is_employment", "problem_type": "binary_classification", "model_type": "xgboost",
          "hyperparameters": {"num_round": 200, "max_depth": 6, "eta": 0.1}, "function": "fn_bench",
          "version": "vbench"}
DIMS = [f"dim_{i}" for i in range(100)]
TRAINING_SELECT = (f"select case when l.label = '雇用' then 1 else 0 end as is_employment, {', '.join(DIMS)} "
                   "from raw.text_vectors as v inner join raw.labels as l on v.id = l.id")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=3_000_000)
    parser.add_argument("--macro-rows", type=int, default=100_000)
    args = parser.parse_args(argv)

    import duckdb
    import xgboost as xgb

    from dwhml.sample import load_sample
    from embeddings.names import string_literal
    from embeddings.pipeline import EmbedOptions, embed
    from python_udfs import registry, training
    from python_udfs.predicting import function_ddl

    with tempfile.TemporaryDirectory(prefix="dwhml-bench-") as work:
        conn = duckdb.connect(os.path.join(work, "bench.duckdb"))
        load_sample(conn)
        embed(conn, EmbedOptions(store_dir=os.path.join(work, "fasttext")))
        registry.register_all(conn)
        store = os.path.join(work, "store")

        # Training: the materialization's statements against a native fit on the same rows.
        with Timer() as via_udf:
            path = training.export_path("bench", store, "run1")
            conn.execute(f"copy ({TRAINING_SELECT}) to {string_literal(path)} (format parquet)")
            meta = json.loads(conn.execute("select dwhml_train('bench', ?, ?, ?)",
                                           [json.dumps(CONFIG), path, store]).fetchall()[0][0])
        with Timer() as native_fit:
            data = conn.execute(TRAINING_SELECT).fetchnumpy()
            X = np.column_stack([data[d] for d in DIMS]).astype(np.float32)
            params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "tree_method": "hist",
                      "nthread": os.cpu_count()}
            xgb.train(params, xgb.DMatrix(X, label=data["is_employment"]), num_boost_round=200)
        print(f"training on {meta['training_rows']:,} rows x 100: materialization path {via_udf.seconds:.1f}s, "
              f"native {native_fit.seconds:.1f}s, ratio {via_udf.seconds / native_fit.seconds:.2f} (target <= 1.2)")

        conn.execute(f"""create table vec as
            select row_number() over () as id, {', '.join(DIMS)}
            from (select * from raw.text_vectors, range(cast(ceil({args.rows} / 42730.0) as bigint)))
            limit {args.rows}""")
        artifact = meta["artifact_location"]
        features = f"[{', '.join(DIMS)}]::float[]"
        with Timer() as batch:
            conn.execute(f"create table scored as select id, dwhml_predict({string_literal(artifact)}, {features}) "
                         f"as p from vec")
        with Timer() as fetch:
            data = conn.sql(f"select {', '.join(DIMS)} from vec order by id").fetchnumpy()
            X = np.column_stack([data[d] for d in DIMS])
        booster = xgb.Booster(model_file=os.path.join(artifact, "model.ubj"))
        booster.set_param({"nthread": os.cpu_count()})
        with Timer() as native:
            native_p = booster.inplace_predict(X)
        udf_p = np.array([r[0] for r in conn.execute("select p.probability from scored order by id").fetchall()])
        print(f"batch prediction of {args.rows:,} rows (200 trees, depth 6):")
        print(f"  predictions model (dwhml_predict UDF in DuckDB): {batch.seconds:.1f}s "
              f"({args.rows / batch.seconds:,.0f} rows/s; target <= 15 s)")
        print(f"  native inplace_predict on the same matrix:       {native.seconds:.1f}s "
              f"(+{fetch.seconds:.1f}s to fetch it from DuckDB)")
        print(f"  ratio UDF / native predict: {batch.seconds / native.seconds:.2f} (target <= 2); "
              f"UDF / (fetch + native): {batch.seconds / (fetch.seconds + native.seconds):.2f}; "
              f"max |p_udf - p_native| = {np.abs(udf_p - native_p).max():.1e}")

        for statement in function_ddl(artifact, "fn_bench"):
            conn.execute(statement)
        call = f"fn_bench_probability({', '.join(DIMS)})"
        # Planning: the same query on no rows (EXPLAIN would also render the 200 trees' plan as text: ~2x).
        with Timer() as plan:
            conn.execute(f"select {call} from vec where id < 0").fetchall()
        with Timer() as macro:
            conn.execute(f"create table macro_scored as select id, {call} as p from vec where id <= {args.macro_rows}")
        macro_p = np.array([r[0] for r in conn.execute("select p from macro_scored order by id").fetchall()])
        print(f"  portable SQL macro (any client, no plugin): {args.macro_rows:,} rows in {macro.seconds:.1f}s "
              f"incl. planning {plan.seconds:.1f}s -> {args.macro_rows / (macro.seconds - plan.seconds):,.0f} rows/s "
              f"after planning; max |p_macro - p_native| = {np.abs(macro_p - native_p[:args.macro_rows]).max():.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

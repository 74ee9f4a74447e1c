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
  DuckDB connection (no plugin), beside the same scoring given the list of every id
  (the predictions models' form) and the form both had before decision 0021
  (benchmarks/former_sparse_scoring.sql);
- the dense model on the same texts: the plugin's XGBoost UDF (what the
  predictions models use) and native XGBoost inplace_predict on the same matrix
  in memory (the reference);
- fitting the sparse model on the feature rows of the first --fit-rows texts (default all)
  (labels of the texts they repeat): on DuckDB as the materialization does it
  (export to Parquet, the plugin's trainer) against the warehouse path of
  `dwhml wait-models` (decision 0014), here BigQuery's: Storage Read of the kept
  training rows -> the same trainer -> one load job per model table -> the
  training rows dropped, with the test suite's DuckDB-backed stand-in for the
  BigQuery client (tests/fake_bigquery.py: rows streamed as Arrow batches, load
  jobs as DuckDB inserts). The stand-in has no network: the ratio is dwhml's own
  overhead around the fit, not BigQuery's transfer time.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ExampleRun, Timer
from dwhml.settings import CHECKOUT

FORMER = Path(__file__).with_name("former_sparse_scoring.sql")


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
    # The fit holds every feature row in memory (78 per 24-character text): all 3,000,000 texts peak at ~21 GB
    # for the whole benchmark on this 24 GB machine (~20 minutes); --fit-rows 300000 fits a tenth in 8.5 GB,
    # --fit-rows 0 skips the fit comparison.
    parser.add_argument("--fit-rows", type=int, default=3_000_000)
    args = parser.parse_args(argv)
    import duckdb
    import numpy as np
    import xgboost as xgb

    from python_udfs.registry import register_all

    with tempfile.TemporaryDirectory(prefix="dwhml-bench-") as work:
        example = ExampleRun(work)
        database, dbt = example.database, example.dbt
        example.sample_embedded(args.chars)
        dbt("run", "-s", "+employment_sparse", "+employment_classifier")

        conn = duckdb.connect(database)
        _repeat(conn, "raw.text_tokens", args.rows)
        _repeat(conn, "raw.text_vectors", args.rows)
        artifact = conn.execute("select artifact_location from main.employment_classifier").fetchall()[0][0]
        conn.close()
        build = dbt("run", "-s", "text_features")["text_features"]
        every_id = "(select distinct id from main.text_features)"
        # The predictions models' form: today's macro given the list of every id (the feature rows filtered by it).
        listed_ids = example.compiled("{{ dwhml.sparse_linear_sql(dwhml.model_info(ref('employment_sparse')), "
                                      "'" + every_id + "', 'main.text_features') }}")
        # The former form, as fn_<model> and the predictions models ran before decision 0021: the same list, the
        # feature rows grouped by (id, block) and then by id (benchmarks/former_sparse_scoring.sql).
        tables = {part: f"main.employment_sparse__{part}" for part in ("vocabulary", "coefficients", "calibration")}
        former_sql = FORMER.read_text().format(ids=every_id, features="main.text_features", **tables)

        conn = duckdb.connect(database, read_only=True)  # a plain client: no plugin
        n_features = conn.execute("select count(*) from main.text_features").fetchall()[0][0]
        n_weights = conn.execute("select count(*) from main.employment_sparse__vocabulary").fetchall()[0][0]
        with Timer() as sparse:
            conn.execute("create temp table scored as select id, predicted_probability "
                         "from fn_employment_sparse('main.text_features')")
        with Timer() as former:
            conn.execute(f"create temp table scored_former as {former_sql}")
        with Timer() as listed:
            conn.execute(f"create temp table scored_listed as select id, predicted_probability from ({listed_ids})")
        scored, differ = conn.execute("""select count(*), max(greatest(
                abs(s.predicted_probability - l.predicted_probability),
                abs(s.predicted_probability - o.predicted_probability)))
            from scored as s full join scored_listed as l on s.id = l.id full join scored_former as o on s.id = o.id
            """).fetchall()[0]
        floor = _synthetic_join_floor(args.rows, round(n_features / args.rows), n_weights)
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
        del matrix, booster  # the fits below need the room: a 3,000,000 x 100 matrix is 1.2 GB
        fits = _fit_both_ways(database, work, args.fit_rows) if args.fit_rows else None

    what = f"texts cut to {args.chars} characters" if args.chars else "whole comments"
    print(f"{args.rows:,} texts ({what}; the sample repeated under new ids), 雇用 vs rest, in one run:")
    print(f"  sparse: feature table build in SQL (dbt run -s text_features): {build:.1f}s "
          f"-> {n_features:,} feature rows ({n_features / args.rows:.0f} per text)")
    print(f"  sparse: fn_employment_sparse in a plain DuckDB session ({n_weights:,}-feature vocabulary): "
          f"{sparse.seconds:.1f}s ({args.rows / sparse.seconds:,.0f} texts/s; {scored:,} scored)")
    print(f"  sparse: its former form (the list of every id; decision 0021): {former.seconds:.1f}s; "
          f"ratio former / now {former.seconds / sparse.seconds:.2f}")
    print(f"  sparse: the predictions models' form (today's macro, the list of every id): {listed.seconds:.1f}s; "
          f"ratio former / it {former.seconds / listed.seconds:.2f}; max |p - p_now| over the three = {differ:.1e}")
    print(f"  floor:  {args.rows:,} texts x {round(n_features / args.rows)} integer features joined to "
          f"{n_weights:,} weights, summed per text: {floor:.1f}s; fn_employment_sparse / floor "
          f"{sparse.seconds / floor:.2f}")
    print(f"  dense:  dwhml_predict UDF (XGBoost, 200 trees) in DuckDB: {udf.seconds:.1f}s")
    print(f"  dense:  native inplace_predict on the matrix in memory: {native.seconds:.1f}s "
          f"(+{fetch.seconds:.1f}s to fetch it from DuckDB)")
    print(f"  ratios: sparse SQL / native dense {sparse.seconds / native.seconds:.2f}; "
          f"sparse SQL / dense UDF {sparse.seconds / udf.seconds:.2f}")
    if fits:
        duck, warehouse, rows = fits
        print(f"  fit of the sparse model on {args.fit_rows:,} of these texts ({rows:,} feature rows):")
        print(f"    DuckDB (export to Parquet + the plugin's trainer): {duck:.1f}s")
        print(f"    BigQuery's client fit, local stand-in (Storage Read -> trainer -> 3 load jobs): {warehouse:.1f}s"
              f" (ratio {warehouse / duck:.2f})")
    return 0


def _synthetic_join_floor(texts: int, per_text: int, vocabulary: int) -> float:
    """Seconds of the least such a scoring can do: texts x per_text (integer text, integer feature, weight)
    rows joined to a vocabulary-sized weights table and summed per text, in a fresh in-memory DuckDB (the
    rows are made before the clock starts)."""
    import duckdb

    conn = duckdb.connect()
    conn.execute(f"""create table rows as select r // {per_text} as id, hash(r) % {vocabulary} as feature,
                     1.0 as weight from range({texts * per_text}) as t(r)""")
    conn.execute(f"create table weights as select r as feature, random() as coef from range({vocabulary}) as t(r)")
    with Timer() as floor:
        conn.execute("""select count(*), sum(s) from (select r.id, sum(r.weight * w.coef) as s
                        from rows as r inner join weights as w on r.feature = w.feature group by r.id)""").fetchall()
    conn.close()
    return floor.seconds


def _fit_both_ways(database: str, work: str, fit_rows: int):
    """Seconds of the DuckDB fit and of the BigQuery client fit on the same training rows, and their count."""
    import duckdb

    sys.path.insert(0, str(CHECKOUT / "tests"))  # the test suite's stand-in for the BigQuery client
    from fake_bigquery import FakeBigQuery

    from dwhml.bigquery_training import _fit_one
    from dwhml.client_training import PendingVersion
    from python_udfs.training import train

    # DuckDB keeps up to 80% of memory for its buffers by default; the trainer runs in this process too.
    conn = duckdb.connect(database, config={"memory_limit": "4GB"})
    # The texts' labels: a repeated text has its original's (id '<original>-<n>').
    conn.execute(f"""create table main.bench_sparse__v1__training as
        with texts as (select distinct id from main.text_features order by id limit {int(fit_rows)})
        select e.is_employment, f.id, f.feature, f.weight
        from main.text_features as f
        inner join texts as t on f.id = t.id
        inner join main.examples as e on regexp_replace(f.id, '-[0-9]+$', '') = e.id""")
    rows = conn.execute("select count(*) from main.bench_sparse__v1__training").fetchall()[0][0]
    config = {"target": "is_employment", "problem_type": "binary_classification", "model_type": "sparse_linear",
              "hyperparameters": {}, "positive_class": 1, "version": "v1"}
    with Timer() as duck:
        export = os.path.join(work, "export.parquet")
        conn.execute(f"copy main.bench_sparse__v1__training to '{export}' (format parquet)")
        train("bench_sparse", config, export, os.path.join(work, "fit-duckdb"))
    version = PendingVersion("bench_sparse", "v1", None, "main", "bench_sparse__v1", "is_employment",
                             "binary_classification", "sparse_linear", json.dumps({"c": 0.5, "max_iter": 5000,
                                                                                     "min_df": 2}), "[0, 1]")
    with Timer() as warehouse:
        _fit_one(FakeBigQuery(batch_rows=1_000_000, db=conn), object(), version, os.path.join(work, "fit-bigquery"))
    conn.close()
    return duck.seconds, warehouse.seconds, rows


if __name__ == "__main__":
    sys.exit(main())

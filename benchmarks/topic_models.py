"""Benchmark: the topic models on the sample, each against its anchor, in one run.

    make bench-topics
    python -m benchmarks.topic_models --kmeans-rows 1000000

Runs the real project: loads the sample, embeds it, `dbt run`s the example's text_features, training_texts
and example_vectors, then in the same run:

- LDA on the training SELECT of the example's comment_topics (the comments' MeCab words with counts; the
  test split held out), with dwhml's default hyperparameters, by every implementation
  python_udfs/topics.py knows: tomotopy (dwhml's default), gensim's LdaModel (the anchor: passes 10,
  iterations 50, chunksize 2,000, the same priors) and scikit-learn (batch, 10 passes). Fit time, the NPMI
  coherence of the top 10 words over document co-occurrence and the held-out perplexity are dwhml's own
  measures, computed the same way for all three;
- k-means (dwhml's trainer) on the example's vectors, then the assignment of --kmeans-rows vectors (the
  sample's repeated under new ids) to the nearest centroid: dwhml's SQL join (nearest_centroid_sql, as the
  k-means table macro runs it) in a plain DuckDB connection, against scikit-learn's
  pairwise_distances_argmin_min on the same matrix in memory (the native reference); the two assignments
  must agree;
- similar texts: each of --similar-rows vectors' 10 most similar by cosine, exact, by dwhml.similar_sql on
  DuckDB (the plugin's blocked matrix product, from SQL) against scikit-learn's brute-force
  NearestNeighbors on the same matrix in memory; the similarities must agree.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from benchmarks.common import ExampleRun, Timer



def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kmeans-rows", type=int, default=1_000_000)
    parser.add_argument("--topics", type=int, default=10)
    parser.add_argument("--similar-rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    import duckdb
    import numpy as np
    from sklearn.metrics import pairwise_distances_argmin_min

    from python_udfs import topics
    from python_udfs.model_config import hyperparameters

    with tempfile.TemporaryDirectory(prefix="dwhml-bench-topics-") as work:
        example = ExampleRun(work)
        example.sample_embedded()
        example.dbt("run", "-s", "text_features", "+training_texts")
        dims = [f"dim_{i}" for i in range(100)]
        sql = _nearest_centroid_sql(example, dims)  # compiled before this process holds the database
        similar_sql = example.compiled("{{ dwhml.similar_sql('main.bench_similar', 10) }}")
        topics_select = example.compiled("{{ text_feature_rows(none, words_only=true) }}")  # comment_topics'

        conn = duckdb.connect(example.database)
        rows = conn.sql(topics_select).to_arrow_table()
        texts = conn.execute(f"select count(distinct id) from ({topics_select})").fetchall()[0][0]

        params = hyperparameters("bench", "lda", {"num_topics": args.topics})
        lda = {}
        for name in topics.LDA_IMPLEMENTATIONS:
            with Timer() as fit:
                _, metrics = topics.fit_lda(rows, params, None, "is_test", implementation=name)
            lda[name] = (fit.seconds, metrics)

        vectors = conn.sql(f"select id, {', '.join(dims)} from main.example_vectors").to_arrow_table()
        centroids_dir = os.path.join(work, "kmeans")
        os.makedirs(centroids_dir)
        with Timer() as kmeans_fit:
            _, kmeans_metrics = topics.fit_kmeans(vectors, hyperparameters("bench", "kmeans", {}), Path(centroids_dir))
        conn.execute(f"create table main.bench_centroids as select * from read_parquet("
                     f"'{os.path.join(centroids_dir, 'centroids.parquet')}')")
        conn.execute(f"""create table main.bench_vectors as
            select v.id || '-' || r.range as id, {', '.join('v.' + d for d in dims)}
            from main.example_vectors as v, range(cast(ceil({args.kmeans_rows} / (select count(*)
                from main.example_vectors)) as bigint)) as r
            order by r.range, v.id
            limit {int(args.kmeans_rows)}""")
        conn.close()

        conn = duckdb.connect(example.database, read_only=True)  # a plain client: no plugin
        with Timer() as in_sql:
            assigned = conn.execute(f"select id, topic from ({sql}) order by id").fetchnumpy()
        with Timer() as fetch:
            matrix = conn.sql(f"select {', '.join(dims)} from main.bench_vectors order by id").fetchnumpy()
            matrix = np.column_stack([matrix[d] for d in dims]).astype(np.float64)
            centres = conn.sql(f"select {', '.join(dims)} from main.bench_centroids order by cluster").fetchnumpy()
            centres = np.column_stack([centres[d] for d in dims])
        with Timer() as native:
            nearest, _ = pairwise_distances_argmin_min(matrix, centres)
        agree = float((assigned["topic"] == nearest).mean())
        conn.close()

        from python_udfs.registry import register_all
        from sklearn.neighbors import NearestNeighbors

        conn = duckdb.connect(example.database)  # the plugin's UDF, as dbt has it
        register_all(conn)
        conn.execute(f"create table main.bench_similar as select * from main.bench_vectors order by id "
                     f"limit {int(args.similar_rows)}")
        with Timer() as similar:
            neighbours = conn.execute(f"select id, similarity from ({similar_sql}) order by id, neighbour_rank")\
                .fetchnumpy()
        matrix = conn.sql(f"select {', '.join(dims)} from main.bench_similar order by id").fetchnumpy()
        matrix = np.column_stack([matrix[d] for d in dims]).astype(np.float64)
        conn.close()
        with Timer() as brute:
            distances, _ = NearestNeighbors(n_neighbors=11, metric="cosine", algorithm="brute").fit(matrix)\
                .kneighbors(matrix)
        # The brute force finds each text itself (or an identical copy) first: its other 10 similarities.
        expected = np.sort(1 - distances, axis=1)[:, ::-1]
        got = neighbours["similarity"].reshape(-1, 10)
        similar_gap = float(np.abs(np.sort(got, axis=1)[:, ::-1] - expected[:, 1:]).max())

    print(f"LDA, {args.topics} topics, on the example's comment_topics rows ({texts:,} comments, {len(rows):,} "
          "word rows; test split held out), dwhml's default hyperparameters, in one run:")
    anchor = lda["gensim"][0]
    for name, (seconds, m) in lda.items():
        print(f"  {name:9s} fit {seconds:6.1f}s ({seconds / anchor:.2f}x gensim)  coherence NPMI "
              f"{m['coherence_npmi']:.4f}  held-out perplexity {m['perplexity_held_out']:.0f}  "
              f"vocabulary {m['vocabulary']:,}")
    print(f"k-means, 10 clusters, on the example's {len(vectors):,} vectors: fit {kmeans_fit.seconds:.1f}s, "
          f"silhouette {kmeans_metrics['silhouette']:.4f}, mean squared distance "
          f"{kmeans_metrics['mean_squared_distance']:.4f}")
    print(f"  assignment of {args.kmeans_rows:,} vectors to the nearest centroid:")
    print(f"    SQL join (nearest_centroid_sql) in a plain DuckDB session: {in_sql.seconds:.1f}s "
          f"({args.kmeans_rows / in_sql.seconds:,.0f} rows/s)")
    print(f"    native (scikit-learn pairwise_distances_argmin_min, matrix in memory): {native.seconds:.2f}s "
          f"(+{fetch.seconds:.1f}s to fetch it from DuckDB); ratio SQL / native {in_sql.seconds / native.seconds:.1f}")
    print(f"    assignments equal on {agree:.4%} of the rows")
    print(f"similar texts: the 10 most similar of each of {args.similar_rows:,} vectors (cosine, exact):")
    print(f"    dwhml.similar_sql on DuckDB (the plugin's blocked matrix product): {similar.seconds:.1f}s")
    print(f"    native (scikit-learn brute-force NearestNeighbors, matrix in memory): {brute.seconds:.1f}s; "
          f"ratio {similar.seconds / brute.seconds:.2f}; largest similarity difference {similar_gap:.1e}")
    return 0


def _nearest_centroid_sql(example: ExampleRun, dims: list[str]) -> str:
    """The package's nearest-centroid SQL for the benchmark's tables (what the table macro runs)."""
    import json

    info = json.dumps({"model_version": "bench", "features": dims})
    return example.compiled("{{ dwhml.nearest_centroid_sql(" + info + ", 'main.bench_vectors', 'main.bench_centroids') }}")


if __name__ == "__main__":
    sys.exit(main())

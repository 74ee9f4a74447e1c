"""Benchmark: the whole embed step against raw fugashi tokenization of the same texts.

    make bench-embed                       # 200,000 texts, peak RSS on 3,000,000
    python -m benchmarks.embed_throughput --rows 50000 --rss-rows 0

Prints throughputs measured in this run and their ratio (target >= 0.85), the
gain of a second tokenizing process, fastText training time (separately), the
peak RSS of embedding --rss-rows texts in a fresh process (target <= 2 GB), and
then, on that table, an incremental run after 1% new texts arrive against the
full run, each in a fresh process (time ratio; peak RSS of each); and the engine
path (`dwhml embed-engine`, Spark local[1] and local[2]) on the same texts as
Parquet, then `dwhml load-embedded`, against the single process's full run
(time ratio; peak RSS of the whole process tree: JVM and Python workers).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile

from benchmarks.common import Timer, make_texts_db


def _tokenize_chunk(texts):
    from embeddings.tokenize import Tokenizer

    tok = _tokenize_chunk.tokenizer = getattr(_tokenize_chunk, "tokenizer", None) or Tokenizer()
    return [tok.tokenize(t) for t in texts]


def train_on_sample(work: str):
    """Embed the bundled sample with training; return (summary, model path)."""
    from dwhml.sample import load_sample
    from embeddings.duckdb_io import connect
    from embeddings.pipeline import EmbedOptions, embed

    conn = connect(os.path.join(work, "sample.duckdb"))
    load_sample(conn)
    summary = embed(conn, EmbedOptions(store_dir=os.path.join(work, "store")))
    conn.close()
    return summary


def rss_child(rows: int, model: str, work: str) -> None:
    """A full run on a new table of `rows` texts; with rows < 0, an incremental run on that table after
    |rows| new texts (ids not seen, the sample's texts) are appended to it."""
    from embeddings.duckdb_io import connect
    from embeddings.pipeline import EmbedOptions, embed

    path = os.path.join(work, "rss.duckdb")
    if rows >= 0:
        conn = make_texts_db(path, rows)
    else:
        conn = connect(path)
        conn.execute(f"insert into raw.texts select 'new-' || id, text from raw.texts order by id limit {-rows}")
    with Timer() as t:
        summary = embed(conn, EmbedOptions(model_path=model))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{summary.rows_read} {t.seconds:.2f} {peak_kb} {summary.skipped_unchanged}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is kept")
    parser.add_argument("--rss-rows", type=int, default=3_000_000, help="0 skips the peak-RSS run")
    parser.add_argument("--engine-workers", type=int, nargs="*", default=[1, 2],
                        help="local Spark workers of the engine runs on the --rss-rows table (none: skip)")
    parser.add_argument("--rss-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        rss_child(int(args.rss_child[0]), args.rss_child[1], args.rss_child[2])
        return 0

    from embeddings.pipeline import EmbedOptions, embed
    from embeddings.tokenize import Tokenizer

    with tempfile.TemporaryDirectory(prefix="dwhml-bench-") as work:
        trained = train_on_sample(work)
        print(f"fastText training on the 42,730-text sample (reported separately): "
              f"{trained.seconds['train_fasttext']:.1f}s; tokenize pass {trained.seconds['read_tokenize']:.1f}s, "
              f"vectorise+write {trained.seconds['vectorise_write']:.1f}s")
        conn = make_texts_db(os.path.join(work, "bench.duckdb"), args.rows)
        texts = [r[0] for r in conn.execute("select text from raw.texts").fetchall()]
        tokenizer = Tokenizer()
        tok_times, embed_times = [], []
        for _ in range(args.repeat):  # interleaved, so drift in machine load hits both sides
            with Timer() as t:
                for text in texts:
                    tokenizer.tokenize(text)
            tok_times.append(t.seconds)
            with Timer() as t:  # every text each time (--full): the later runs would find nothing new
                summary = embed(conn, EmbedOptions(model_path=trained.model_path, full=True))
            embed_times.append(t.seconds)
        assert summary.rows_read == len(texts) == summary.vectors + summary.rejected
        tok_rate, embed_rate = len(texts) / min(tok_times), len(texts) / min(embed_times)
        print(f"rows: {len(texts):,} (sample texts repeated), best of {args.repeat}, 1 process")
        print(f"  raw fugashi tokenization : {tok_rate:10,.0f} texts/s")
        print(f"  whole embed (read, normalise, tokenize, vectorise, write): {embed_rate:10,.0f} texts/s")
        print(f"  ratio embed / tokenization: {embed_rate / tok_rate:.2f}  (target >= 0.85)")

        chunks = [texts[i:i + 10_000] for i in range(0, len(texts), 10_000)]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(_tokenize_chunk, chunks[:2])  # warm both workers' taggers
            with Timer() as t:
                pool.map(_tokenize_chunk, chunks)
        print(f"  raw tokenization in 2 processes: {len(texts) / t.seconds:,.0f} texts/s "
              f"({len(texts) / t.seconds / tok_rate:.2f}x one process)")

        if args.rss_rows:
            def child(rows):
                result = subprocess.run([sys.executable, "-m", "benchmarks.embed_throughput", "--rss-child",
                                         str(rows), trained.model_path, work], capture_output=True, text=True,
                                        check=True)
                read, seconds, peak_kb, skipped = result.stdout.split()
                return int(read), float(seconds), int(peak_kb) / 1024, int(skipped)

            rows, seconds, peak_mb, _ = child(args.rss_rows)
            print(f"peak RSS embedding {rows:,} texts in a fresh process: {peak_mb:,.0f} MB "
                  f"(target <= 2048 MB), {seconds:.0f}s, {rows / seconds:,.0f} texts/s")
            new = args.rss_rows // 100
            read, inc_seconds, inc_mb, skipped = child(-new)
            print(f"incremental run after {new:,} new texts (1%) on that table, fresh process: {read:,} read, "
                  f"{skipped:,} unchanged skipped, {inc_seconds:.1f}s ({inc_seconds / seconds:.3f}x the full run), "
                  f"peak RSS {inc_mb:,.0f} MB")
            if args.engine_workers:
                engine_runs(work, args.rss_rows, seconds, peak_mb, args.engine_workers)
    return 0


def engine_runs(work: str, rows: int, single_seconds: float, single_mb: float, workers: list[int]) -> None:
    """The engine path on the table the single process embedded in `single_seconds`: its texts as Parquet ->
    `dwhml embed-engine` (fresh JVM and workers each time) -> `dwhml load-embedded` into that table's database."""
    import duckdb

    from benchmarks.common import run_measured

    database = os.path.join(work, "rss.duckdb")
    parquet = os.path.join(work, "rss_texts.parquet")
    conn = duckdb.connect(database)
    conn.execute(f"copy (select * from raw.texts where id not like 'new-%') to '{parquet}' (format parquet)")
    conn.close()
    cli = os.path.join(os.path.dirname(sys.executable), "dwhml")
    version = os.path.join(work, "version.json")
    run_measured([cli, "embedding-version", "--database", database, "--write", version])
    print(f"engine path on the same {rows:,} texts (Parquet), fresh processes; single process: {single_seconds:.0f}s, "
          f"peak {single_mb:,.0f} MB")
    for n in workers:
        out = os.path.join(work, f"engine_{n}")
        seconds, peak_mb, output = run_measured([cli, "embed-engine", "--input", parquet, "--output-dir", out,
                                                 "--version-file", version, "--workers", str(n)])
        load_seconds, load_mb, _ = run_measured([cli, "load-embedded", out, "--database", database])
        read = json.loads(open(os.path.join(out, "_dwhml_embed.json")).read())["rows_read"]
        assert read == rows, output
        total = seconds + load_seconds
        print(f"  Spark local[{n}]: embed-engine {seconds:.0f}s (peak {peak_mb:,.0f} MB, JVM and workers), "
              f"load-embedded {load_seconds:.0f}s (peak {load_mb:,.0f} MB); {rows / total:,.0f} texts/s, "
              f"{total / single_seconds:.2f}x the single process's time")


if __name__ == "__main__":
    sys.exit(main())

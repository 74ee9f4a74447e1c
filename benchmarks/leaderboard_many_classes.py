"""`dwhml leaderboard` on small data with many classes: its default candidates against the linear candidates
alone (no dense vectors: the reference), in one run, on ~2,500 short texts in 18 classes derived from the
bundled sample: the first 20 characters of 140 comments of each survey month from 2024-07 to 2025-12, labelled
by their month (a hard 18-class task of short texts; the labels come from the data, not made up).

    .venv/bin/python -m benchmarks.leaderboard_many_classes [--per-month 140] [--folds 5]

Prints each run's wall time, the ratio, and the per-candidate table of the default run.
"""
from __future__ import annotations

import argparse
import os
import tempfile

from benchmarks.common import Timer
from dwhml import leaderboard
from dwhml.settings import SAMPLE_CSV

MONTHS = [f"{y}{m:02d}" for y, m in [(2024, m) for m in range(7, 13)] + [(2025, m) for m in range(1, 13)]]
REFERENCE = ["bow_count_svc", "word_tfidf_svc", "sparse_linear_c0.25", "sparse_linear_c0.5", "sparse_linear_c1"]


def many_class_rows(per_month: int):
    """(ids, texts, labels): `per_month` evenly spaced comments of each of the 18 months, cut to 20 characters."""
    import duckdb

    rows = duckdb.sql(f"""
        with by_month as (
            select s.id, left(s.text, 20) as text, split_part(s.id, '-', 2) as month,
                row_number() over (partition by split_part(s.id, '-', 2) order by s.id) as position,
                count(*) over (partition by split_part(s.id, '-', 2)) as in_month
            from read_csv('{SAMPLE_CSV}', header = true) as s
        )
        select id, text, month from by_month
        where month in ({', '.join(f"'{m}'" for m in MONTHS)})
            and (position - 1) % greatest(1, in_month // {per_month}) = 0
            and (position - 1) // greatest(1, in_month // {per_month}) < {per_month}
        order by id""").fetchall()
    return tuple(zip(*rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-month", type=int, default=140)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    ids, texts, labels = many_class_rows(args.per_month)
    with tempfile.TemporaryDirectory(prefix="dwhml-bench-lb-") as tmp:
        corpus = leaderboard.corpus_from_rows(ids, texts, labels, fasttext_store=os.path.join(tmp, "fasttext"))
        print(f"{len(corpus.ids):,} texts, {len(corpus.classes)} classes, {args.folds}-fold CV; "
              f"default candidates: {', '.join(leaderboard.DEFAULT_CANDIDATES)}", flush=True)
        with Timer() as reference:
            leaderboard.run(corpus, folds=args.folds, candidates=REFERENCE, progress=lambda line: None)
        with Timer() as default:
            rows = leaderboard.run(corpus, folds=args.folds, progress=lambda line: print("  " + line, flush=True))
    print(leaderboard.format_rows(rows))
    print(f"default candidates: {default.seconds:.1f}s; linear candidates only (reference): {reference.seconds:.1f}s; "
          f"ratio {default.seconds / reference.seconds:.2f}")


if __name__ == "__main__":
    main()

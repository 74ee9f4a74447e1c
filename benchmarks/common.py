"""Shared set-up for benchmarks: a DuckDB file of N sample texts with unique ids."""
from __future__ import annotations

import time

from dwhml.settings import SAMPLE_CSV
from embeddings.names import string_literal


def make_texts_db(path: str, rows: int):
    """raw.texts with `rows` rows: the sample repeated, ids suffixed by the repetition."""
    import duckdb

    conn = duckdb.connect(path)
    conn.execute("create schema if not exists raw")
    conn.execute(f"""
        create or replace table raw.texts as
        select s.id || '-' || r.range as id, s.text
        from read_csv({string_literal(str(SAMPLE_CSV))}, header = true) as s,
             range(cast(ceil({rows} / 42730.0) as bigint)) as r
        order by r.range, s.id
        limit {int(rows)}""")
    return conn


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start

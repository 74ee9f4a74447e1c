"""Load the bundled economy-watchers sample into DuckDB as raw.texts and raw.labels."""
from __future__ import annotations

from pathlib import Path

from .csv_input import csv_source_sql
from .settings import SAMPLE_CSV


def load_sample(conn, csv_path: Path = SAMPLE_CSV, limit: int | None = None) -> dict[str, int]:
    """Replace raw.texts (id, text) and raw.labels (id, label) in one transaction."""
    if limit is not None and limit < 1:
        raise ValueError(f"--limit must be a positive number of rows, got {limit}")
    limit_sql = f"limit {int(limit)}" if limit else ""
    source = f"(select * from {csv_source_sql(csv_path)} order by id {limit_sql})"
    conn.execute("begin transaction")
    try:
        conn.execute("create schema if not exists raw")
        conn.execute(f"create or replace temp table sample_rows as select * from {source}")
        conn.execute("create or replace table raw.texts as select id, text from sample_rows")
        conn.execute("create or replace table raw.labels as select id, label from sample_rows")
        conn.execute("drop table sample_rows")
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    counts = {t: conn.execute(f"select count(*) from raw.{t}").fetchall()[0][0] for t in ("texts", "labels")}
    return counts

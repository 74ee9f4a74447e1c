"""Load the bundled economy-watchers sample (or a user's CSV) into DuckDB as raw.texts and raw.labels."""
from __future__ import annotations

from pathlib import Path

from .csv_input import read_csv_rows
from .settings import SAMPLE_CSV


def load_sample(conn, csv_path: Path = SAMPLE_CSV, limit: int | None = None, encoding: str = "utf-8") -> dict[str, int]:
    """Replace raw.texts (id, text), raw.labels (id, label) and raw.load_rejects (line, reason, content: the
    CSV lines that could not be read) in one transaction."""
    if limit is not None and limit < 1:
        raise ValueError(f"--limit must be a positive number of rows, got {limit}")
    limit_sql = f"limit {int(limit)}" if limit else ""
    rows = read_csv_rows(conn, csv_path, encoding)
    readable = conn.execute(f"select count(*) from {rows.select}").fetchone()[0]
    if readable == 0:
        rows.close()
        reasons = sorted({r for _, r, _ in rows.rejects})
        hint = "; if the file is not UTF-8, give --encoding (e.g. shift_jis)" if any("encoding" in r for r in reasons) else ""
        raise ValueError(f"{csv_path}: no readable row ({len(rows.rejects)} lines rejected: {', '.join(reasons) or 'none'})"
                         f"; nothing loaded, raw.texts and raw.labels left as they were{hint}")
    try:
        source = f"(select * from {rows.select} order by id {limit_sql})"
        conn.execute("begin transaction")
        try:
            conn.execute("create schema if not exists raw")
            conn.execute(f"create or replace temp table sample_rows as select * from {source}")
            conn.execute("create or replace table raw.texts as select id, text from sample_rows")
            conn.execute("create or replace table raw.labels as select id, label from sample_rows")
            conn.execute("create or replace table raw.load_rejects (line bigint, reason varchar, content varchar)")
            if rows.rejects:
                conn.executemany("insert into raw.load_rejects values (?, ?, ?)", rows.rejects)
            conn.execute("drop table sample_rows")
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
    finally:
        rows.close()
        conn.execute("drop table if exists dwhml_csv_rows")
    counts = {t: conn.execute(f"select count(*) from raw.{t}").fetchall()[0][0] for t in ("texts", "labels")}
    counts["rejects"] = len(rows.rejects)
    return counts

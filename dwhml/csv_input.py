"""A user's CSV of labelled texts: read by its header's column names, never by position; a row that cannot
be read (invalid bytes for the encoding, too many or too few columns, an unterminated quote) becomes a
reject with its line number and reason instead of aborting the load. DuckDB's own CSV reader does the work
(strict mode, store_rejects); only files in another encoding than UTF-8 are transcoded first, line by line."""
from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.names import string_literal

COLUMNS = ("id", "text", "label")
# DuckDB aborts a scan on a line longer than max_line_size even with store_rejects; texts over the
# embed's max_chars are rejected later as too_long, so this only has to be generous.
MAX_LINE_BYTES = 32 * 1024 * 1024


@dataclass
class CsvRows:
    """The readable rows (a SELECT of id, text, label) and the rejected lines [(line, reason, content)]."""
    select: str
    rejects: list[tuple[int, str, str]] = field(default_factory=list)
    cleanup: list[str] = field(default_factory=list)

    def close(self) -> None:
        for path in self.cleanup:
            if os.path.exists(path):
                os.remove(path)


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


def check_header(path: str | Path, encoding: str = "utf-8") -> list[str]:
    """The header's names; a ValueError naming the missing or unknown columns unless it is exactly id,text,label
    (in any order)."""
    with open(path, newline="", encoding="utf-8-sig" if _is_utf8(encoding) else encoding, errors="replace") as fh:
        header = next(csv.reader(fh), None)
    if not header:
        raise ValueError(f"{path}: empty file; expected a header line id,text,label")
    names = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if missing or unknown or duplicated:
        problems = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + \
                   ([f"unknown column(s) {', '.join(unknown)}"] if unknown else []) + \
                   ([f"repeated column(s) {', '.join(duplicated)}"] if duplicated else [])
        raise ValueError(f"{path}: header {','.join(names)}: {'; '.join(problems)} (expected id,text,label, "
                         "lowercase, in any order)")
    return names


def _transcode(path: str | Path, encoding: str) -> tuple[str, list[int], list[tuple[int, str, str]]]:
    """A UTF-8 copy of the file; lines that do not decode are left out and returned as rejects. Also the
    original line number of each line of the copy (DuckDB's reject lines refer to the copy)."""
    import codecs

    codecs.lookup(encoding)  # LookupError names an unknown encoding
    fd, out_path = tempfile.mkstemp(prefix="dwhml-csv-", suffix=".csv")
    kept, rejects = [], []
    with open(path, "rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        for number, raw in enumerate(src, start=1):
            try:
                out.write(raw.decode(encoding))
                kept.append(number)
            except UnicodeDecodeError:
                rejects.append((number, f"invalid {encoding}", raw.decode(encoding, errors="replace").rstrip("\r\n")))
    return out_path, kept, rejects


def read_csv_rows(conn, path: str | Path, encoding: str = "utf-8") -> CsvRows:
    """Read the CSV into a temp table of the connection; return its SELECT and the rejected lines."""
    names = check_header(path, encoding)
    rows = CsvRows(select="")
    line_of = None
    if not _is_utf8(encoding):
        path, kept, rows.rejects = _transcode(path, encoding)
        rows.cleanup.append(path)
        line_of = {i: n for i, n in enumerate(kept, start=1)}
    columns = "{" + ", ".join(f"{string_literal(n)}: 'VARCHAR'" for n in names) + "}"
    conn.execute("drop table if exists dwhml_csv_rejects")
    conn.execute("drop table if exists dwhml_csv_scans")
    try:
        conn.execute(
            "create or replace temp table dwhml_csv_rows as select id, text, label from read_csv("
            f"{string_literal(str(path))}, header = true, auto_detect = false, delim = ',', quote = '\"', "
            f"escape = '\"', strict_mode = true, columns = {columns}, store_rejects = true, "
            "rejects_table = 'dwhml_csv_rejects', rejects_scan = 'dwhml_csv_scans', "
            f"max_line_size = {MAX_LINE_BYTES}, buffer_size = {2 * MAX_LINE_BYTES})")
    except Exception as exc:  # DuckDB aborts only on what store_rejects cannot take (a line over the maximum)
        rows.close()
        first = str(exc).strip().splitlines()[0]
        raise ValueError(f"{path}: cannot read the CSV: {first}") from exc
    for line, reason, content in conn.execute(
            "select line, string_agg(distinct lower(error_type), '; ' order by lower(error_type)), "
            "any_value(csv_line) from dwhml_csv_rejects group by line order by line").fetchall():
        rows.rejects.append((line_of.get(line, line) if line_of else line, reason, content))
    rows.rejects.sort()
    rows.select = "(select id, text, label from dwhml_csv_rows)"
    return rows


def csv_source_sql(conn, path: str | Path, encoding: str = "utf-8") -> tuple[str, int]:
    """The readable rows of a CSV as a SELECT on `conn` (for reads that keep no rejects), and how many lines
    were rejected."""
    rows = read_csv_rows(conn, path, encoding)
    rows.close()
    return rows.select, len(rows.rejects)

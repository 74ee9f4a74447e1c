"""A user's CSV of labelled texts, read by its header's column names, never by position."""
from __future__ import annotations

import csv
from pathlib import Path

from embeddings.names import string_literal

COLUMNS = ("id", "text", "label")


def check_header(path: str | Path) -> list[str]:
    """The header's names; a ValueError naming the missing or unknown columns unless it is exactly id,text,label
    (in any order)."""
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
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


def csv_source_sql(path: str | Path) -> str:
    """A SELECT of id, text, label from the CSV, by header name (checked first), every value as text."""
    check_header(path)
    return (f"(select id, text, label from read_csv({string_literal(str(path))}, header = true, "
            "all_varchar = true))")

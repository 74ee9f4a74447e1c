"""The local half of embedding a warehouse's texts: src.texts (and src.labels) already copied into a
scratch DuckDB -> the same embed as on DuckDB -> Parquet files of the vectors and rejects, with the
row counts reconciled (rows copied = rows read = vectors + rejects)."""
from __future__ import annotations

import dataclasses
import os

from . import names
from .pipeline import EmbedOptions, EmbedSummary, embed

KINDS = ("vectors", "rejects")


@dataclasses.dataclass
class LocalEmbed:
    summary: EmbedSummary
    files: dict  # kind -> Parquet path
    rows: dict  # kind -> row count


def embed_local_copy(local, options: EmbedOptions, copied_rows: int, with_labels: bool, tmp: str) -> LocalEmbed:
    summary = embed(local, dataclasses.replace(
        options, source="src.texts", output="out.vectors", rejects="out.rejects", tokens=None,
        supervised_labels="src.labels" if with_labels else None, id_column="id", text_column="text"))
    if summary.rows_read != copied_rows:
        raise RuntimeError(f"read {summary.rows_read} texts locally, the warehouse gave {copied_rows}")
    files, rows = {}, {}
    for kind in KINDS:
        files[kind] = os.path.join(tmp, f"{kind}.parquet")
        local.execute(f"copy out.{kind} to {names.string_literal(files[kind])} (format parquet)")
        rows[kind] = local.execute(f"select count(*) from out.{kind}").fetchall()[0][0]
    if summary.rows_read != rows["vectors"] + rows["rejects"]:
        raise RuntimeError(f"read {summary.rows_read} texts, wrote {rows['vectors']} vectors + {rows['rejects']} rejects")
    return LocalEmbed(summary, files, rows)

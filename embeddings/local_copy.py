"""The local half of embedding a warehouse's texts: src.texts (and src.labels) already copied into a
scratch DuckDB -> the same embed as on DuckDB -> Parquet files of the vectors, rejects and (unless turned
off) tokens, with the row counts reconciled (rows copied = rows read = vectors + rejects; tokens = the
rows that had tokens: vectors + no_known_token rejects)."""
from __future__ import annotations

import collections
import dataclasses
import os

from . import names
from .pipeline import EmbedOptions, EmbedSummary, embed
from .vectors import NO_KNOWN_TOKEN

# A text whose normalised form or tokens do not fit a warehouse's text column: rejected whole (vector
# and tokens), never truncated by the load.
TOO_LONG_FOR_TARGET = "too_long_for_target"


def warehouse_targets(options: EmbedOptions) -> dict:
    """kind -> the warehouse table it replaces; tokens only when a tokens table is asked for."""
    targets = {"vectors": options.output, "rejects": options.rejects}
    if options.tokens:
        targets["tokens"] = options.tokens
    return targets


@dataclasses.dataclass
class LocalEmbed:
    summary: EmbedSummary
    files: dict  # kind -> Parquet path
    rows: dict  # kind -> row count


def embed_local_copy(local, options: EmbedOptions, copied_rows: int, with_labels: bool, tmp: str,
                     max_text_bytes: int | None = None) -> LocalEmbed:
    """``max_text_bytes``: the target's limit on a text column (UTF-8 bytes), applied to the tokens table's
    ``normalised`` and ``tokens``; a row over it becomes a ``too_long_for_target`` reject."""
    summary = embed(local, dataclasses.replace(
        options, source="src.texts", output="out.vectors", rejects="out.rejects",
        tokens="out.tokens" if options.tokens else None,
        supervised_labels="src.labels" if with_labels else None, id_column="id", text_column="text"))
    if summary.rows_read != copied_rows:
        raise RuntimeError(f"read {summary.rows_read} texts locally, the warehouse gave {copied_rows}")
    kinds = list(warehouse_targets(options))
    if options.tokens and max_text_bytes is not None:
        _reject_too_long(local, max_text_bytes, summary)
    files, rows = {}, {}
    for kind in kinds:
        files[kind] = os.path.join(tmp, f"{kind}.parquet")
        local.execute(f"copy out.{kind} to {names.string_literal(files[kind])} (format parquet)")
        rows[kind] = local.execute(f"select count(*) from out.{kind}").fetchall()[0][0]
    if summary.rows_read != rows["vectors"] + rows["rejects"]:
        raise RuntimeError(f"read {summary.rows_read} texts, wrote {rows['vectors']} vectors + {rows['rejects']} rejects")
    if "tokens" in rows and rows["tokens"] != rows["vectors"] + summary.rejects[NO_KNOWN_TOKEN]:
        raise RuntimeError(f"wrote {rows['tokens']} token rows, expected {rows['vectors']} vectors + "
                           f"{summary.rejects[NO_KNOWN_TOKEN]} {NO_KNOWN_TOKEN} rejects")
    return LocalEmbed(summary, files, rows)


def _reject_too_long(local, max_bytes: int, summary: EmbedSummary) -> None:
    """Move the texts whose tokens row exceeds the target's column limit from vectors and tokens to rejects
    (replacing a no_known_token reject), and recount the summary from the tables."""
    local.execute("create temporary table too_long as select id from out.tokens "
                  f"where strlen(normalised) > {int(max_bytes)} or strlen(tokens) > {int(max_bytes)}")
    if not local.execute("select count(*) from too_long").fetchall()[0][0]:
        return
    for table in ("out.vectors", "out.tokens", "out.rejects"):
        local.execute(f"delete from {table} where id in (select id from too_long)")
    local.execute(f"insert into out.rejects select id, {names.string_literal(TOO_LONG_FOR_TARGET)} from too_long")
    summary.vectors = local.execute("select count(*) from out.vectors").fetchall()[0][0]
    summary.rejects = collections.Counter(dict(local.execute("select reason, count(*) from out.rejects group by reason").fetchall()))

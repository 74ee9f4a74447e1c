"""What embedding a warehouse's texts does the same on every warehouse: the plan (the output's pinned version,
read from the warehouse; whether the run is incremental; the ids to read staged by an anti-join in the
warehouse), and the local half: src.texts (and src.labels) copied into a scratch DuckDB -> the same embed as on
DuckDB, with the pinned model -> Parquet files of the vectors, rejects and (unless turned off) tokens, with the
row counts reconciled (rows copied = rows read = vectors + rejects; tokens = the rows that had tokens: vectors +
no_known_token rejects)."""
from __future__ import annotations

import collections
import dataclasses
import os
from typing import Callable

from . import embedding_versions, incremental, names
from .embedding_versions import Dialect, EmbeddingVersion
from .pipeline import EmbedOptions, EmbedSummary, embed
from .vectors import REJECTS_WITH_TOKENS

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
class WarehousePlan:
    output: str
    current: EmbeddingVersion | None   # the output's pinned version
    pin: EmbeddingVersion | None       # the version this run embeds with (None: a new one is made)
    incremental: bool
    total: int                         # the source's rows
    source: str                        # the source, rendered (relation or (SELECT))
    id_col: str
    delta: str                         # the staged (id, text_md5, copies) of the ids to read (non-NULL)
    read_source: str                   # what to extract: relation or SELECT
    columns: list                      # its (column, alias) pairs: id, text

    def new_version(self, version: str) -> bool:
        return self.current is None or self.current.embedding_version != version


def pinned_in_warehouse(output: str, dialect: Dialect, exists: Callable[[str], bool],
                        rows: Callable[[str], list]) -> EmbeddingVersion | None:
    """The output's pinned version, from the registry in the warehouse (None: never pinned)."""
    if not exists(embedding_versions.registry_name(output)):
        return None
    found = rows(embedding_versions.pinned_sql(output, dialect))
    return embedding_versions.version_of_row(output, found[0]) if found else None


def plan_warehouse_run(options: EmbedOptions, dialect: Dialect, exists: Callable[[str], bool],
                       rows: Callable[[str], list], execute: Callable[[str], None]) -> WarehousePlan:
    """Read the pinned version and the fingerprints' version from the warehouse, stage the ids to read there (all,
    or those not fingerprinted with the pinned version) and count the source. `exists(relation)`, `rows(sql)`
    and `execute(sql)` run on the warehouse."""
    if options.retrain and options.model_path:
        raise ValueError("--retrain trains a new fastText model: give no --model")
    output = options.output
    current = pinned_in_warehouse(output, dialect, exists, rows)
    pin = None if (options.retrain or options.model_path) else current
    fingerprints = embedding_versions.fingerprints_table(output)
    is_incremental = (pin is not None and not options.full
                      and versions_in(dialect, exists, rows, fingerprints) == [pin.embedding_version]
                      and all(exists(t) for t in warehouse_targets(options).values()))
    source = f"({options.source})" if names.is_select(options.source) else dialect.relation(options.source)
    id_col, text_col = names.column(options.id_column), names.column(options.text_column)
    delta = output + incremental.DELTA_SUFFIX
    for statement in dialect.create_table_as(dialect.relation(delta), incremental.delta_select(
            source, id_col, dialect.fingerprint("s." + text_col),
            dialect.relation(fingerprints) if is_incremental else None)):
        execute(statement)
    total = rows(f"select count(*) from {source} as s")[0][0]
    if is_incremental:
        read_source = incremental.read_select(source, id_col, text_col, dialect.relation(delta))
        columns = [("id", "id"), ("text", "text")]
    else:
        read_source, columns = options.source, [(options.id_column, "id"), (options.text_column, "text")]
    return WarehousePlan(output.strip().lower(), current, pin, is_incremental, total, source, id_col, delta,
                         read_source, columns)


def versions_in(dialect: Dialect, exists, rows, relation: str) -> list:
    """The embedding versions a table's rows hold (at most two; none when it does not exist)."""
    if not exists(relation):
        return []
    return [r[0] for r in rows(embedding_versions.versions_sql(dialect.relation(relation)))]


def pin_locally(local, pin: EmbeddingVersion, model_path: str) -> None:
    """The scratch database's output pinned to `pin` (its model at `model_path`): the local embed uses it."""
    local.execute("create schema if not exists out")
    for statement in embedding_versions.register_sql(dataclasses.replace(pin, output="out.vectors",
                                                                          model_path=model_path)):
        local.execute(statement)


def version_made(local, plan: WarehousePlan, summary: EmbedSummary, publish: Callable[[str, str], str]) -> EmbeddingVersion:
    """The version the local embed used: the pinned one (checked), or the new one, its model published where the
    next run finds it (`publish(path, sha256)` -> where)."""
    if plan.pin is not None:
        if summary.embedding_version != plan.pin.embedding_version:
            raise RuntimeError(f"embedded with {summary.embedding_version}, not the pinned {plan.pin.embedding_version}")
        return plan.pin
    made = embedding_versions.pinned(local, "out.vectors")
    return dataclasses.replace(made, output=plan.output, model_path=publish(made.model_path, made.model_sha256))


def finish_summary(summary: EmbedSummary, plan: WarehousePlan, version: EmbeddingVersion, read: int) -> EmbedSummary:
    summary.model_path = version.model_path
    summary.incremental, summary.new_version = plan.incremental, plan.new_version(version.embedding_version)
    summary.skipped_unchanged = plan.total - read if plan.incremental else 0
    return summary


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
    if options.tokens and max_text_bytes is not None:
        reject_too_long(local, max_text_bytes, summary)
    files, rows = export_kinds(local, list(warehouse_targets(options)), tmp)
    if summary.rows_read != rows["vectors"] + rows["rejects"]:
        raise RuntimeError(f"read {summary.rows_read} texts, wrote {rows['vectors']} vectors + {rows['rejects']} rejects")
    with_tokens = sum(summary.rejects[reason] for reason in REJECTS_WITH_TOKENS)
    if "tokens" in rows and rows["tokens"] != rows["vectors"] + with_tokens:
        raise RuntimeError(f"wrote {rows['tokens']} token rows, expected {rows['vectors']} vectors + "
                           f"{with_tokens} rejects with tokens ({', '.join(REJECTS_WITH_TOKENS)})")
    return LocalEmbed(summary, files, rows)


def export_kinds(local, kinds: list, tmp: str) -> tuple[dict, dict]:
    """Each local table out.<kind> as one Parquet file for the warehouse's bulk load: (files, rows) by kind."""
    files, rows = {}, {}
    for kind in kinds:
        files[kind] = os.path.join(tmp, f"{kind}.parquet")
        local.execute(f"copy out.{kind} to {names.string_literal(files[kind])} (format parquet)")
        rows[kind] = local.execute(f"select count(*) from out.{kind}").fetchall()[0][0]
    return files, rows


def reject_too_long(local, max_bytes: int, summary: EmbedSummary) -> None:
    """Move the texts whose tokens row exceeds the target's column limit from vectors and tokens to rejects
    (replacing its reject with tokens, if it had one), and recount the summary from the tables."""
    local.execute("create temporary table too_long as select id from out.tokens "
                  f"where strlen(normalised) > {int(max_bytes)} or strlen(tokens) > {int(max_bytes)}")
    if not local.execute("select count(*) from too_long").fetchall()[0][0]:
        return
    for table in ("out.vectors", "out.tokens", "out.rejects"):
        local.execute(f"delete from {table} where id in (select id from too_long)")
    local.execute(f"insert into out.rejects select id, {names.string_literal(TOO_LONG_FOR_TARGET)} from too_long")
    summary.vectors = local.execute("select count(*) from out.vectors").fetchall()[0][0]
    summary.rejects = collections.Counter(dict(local.execute("select reason, count(*) from out.rejects group by reason").fetchall()))

"""Which texts an embed run reads, and how its results replace the output's (docs/embedding.md): every text
when the output is new or a new embedding version is made (the tables swapped whole, the previous version's
vectors kept beside as `<output>__<version>`); with the pinned version, only the texts whose id is new, whose
text changed (md5 fingerprint), whose id is NULL or repeated, and the rows of ids gone from the source are
deleted — in the same transaction as the inserts."""
from __future__ import annotations

import dataclasses

from . import duckdb_io, embedding_versions, names

DELTA_SUFFIX = "__delta" + duckdb_io.STAGING_SUFFIX


@dataclasses.dataclass
class Plan:
    incremental: bool
    source: str               # relation or SELECT the run reads (id, text)
    id_column: str
    text_column: str
    rows_to_read: int
    skipped_unchanged: int
    delta: str                # staging table of the read texts' (id, text_md5, copies), non-NULL ids


# The SQL of an incremental run, the same on every target: `source` is the rendered relation or (SELECT),
# `fingerprint` the target's md5-of-the-text expression over `s.<text column>`, relations already quoted.

def delta_select(source: str, id_col: str, fingerprint: str, fingerprints: str | None) -> str:
    """(id, text_md5, copies) of the source's non-NULL ids: all of them, or (given the fingerprints table) those
    whose id and text are not fingerprinted (new, changed, or repeated: a repeated id is never fingerprinted)."""
    unchanged = (f"\n    left join {fingerprints} as f on f.id = c.id and f.text_md5 = c.text_md5"
                 "\n    where f.id is null") if fingerprints else ""
    return f"""with src as (
        select s.{id_col} as id, {fingerprint} as text_md5
        from {source} as s where s.{id_col} is not null
    ),
    counted as (select id, text_md5, count(*) over (partition by id) as copies from src)
    select c.id, c.text_md5, c.copies from counted as c{unchanged}"""


def read_select(source: str, id_col: str, text_col: str, delta: str) -> str:
    """The rows an incremental run reads: NULL ids (always) and the delta's ids."""
    return (f"select s.{id_col} as id, s.{text_col} as text from {source} as s "
            f"where s.{id_col} is null or s.{id_col} in (select d.id from {delta} as d)")


def replaced_where(source: str, id_col: str, delta: str) -> str:
    """The output rows an incremental run replaces: NULL ids, the delta's ids, and ids gone from the source."""
    return (f"id is null or id in (select d.id from {delta} as d) "
            f"or id not in (select s.{id_col} from {source} as s where s.{id_col} is not null)")


def new_fingerprints_select(delta: str, version_literal: str) -> str:
    """The fingerprints of the delta's ids that occur once (a repeated id is read again every run)."""
    return f"select d.id, d.text_md5, {version_literal} as embedding_version from {delta} as d where d.copies = 1"


def plan(conn, options, version: str) -> Plan:
    """Stage the (id, fingerprint) of the texts to read and say how to read them."""
    duckdb_io.check_source(conn, options.source, options.id_column, options.text_column)
    source = duckdb_io.source_sql(options.source)
    id_col, text_col = names.column(options.id_column), names.column(options.text_column)
    fingerprints = embedding_versions.fingerprints_table(options.output)
    outputs = [t for t in (options.output, options.rejects, options.tokens) if t]
    incremental = (not options.full and embedding_versions.fingerprinted_version(conn, options.output) == version
                   and all(embedding_versions.table_exists(conn, t) for t in outputs))
    delta = options.output + DELTA_SUFFIX
    schema, _ = names.split_relation(options.output)
    if schema:
        conn.execute(f"create schema if not exists {names.column(schema)}")
    conn.execute(f"create or replace table {names.relation(delta)} as " + delta_select(
        source, id_col, embedding_versions.DUCKDB.fingerprint("s." + text_col),
        names.relation(fingerprints) if incremental else None))
    total = duckdb_io.count_rows(conn, options.source)
    if not incremental:
        return Plan(False, options.source, options.id_column, options.text_column, total, 0, delta)
    read = read_select(source, id_col, text_col, names.relation(delta))
    to_read = conn.execute(f"select count(*) from ({read}) as r").fetchone()[0]
    return Plan(True, read, "id", "text", to_read, total - to_read, delta)


def commit_statements(conn, options, plan_: Plan, version: str) -> dict:
    """The `before` / `replace_where` / `after` of StagedTableWriter.commit for this plan."""
    source = duckdb_io.source_sql(options.source)
    id_col = names.column(options.id_column)
    fingerprints = names.relation(embedding_versions.fingerprints_table(options.output))
    delta = names.relation(plan_.delta)
    new_fingerprints = new_fingerprints_select(delta, names.string_literal(version))
    if plan_.incremental:
        replaced = replaced_where(source, id_col, delta)
        return {"replace_where": replaced, "before": [], "after": [
            f"delete from {fingerprints} where {replaced}",
            f"insert into {fingerprints} {new_fingerprints}", f"drop table {delta}"]}
    before = []
    kept = previous_version_table(conn, options.output, version)
    if kept:
        before = [f"drop table if exists {names.relation(kept)}",
                  f"alter table {names.relation(options.output)} rename to {names.column(names.split_relation(kept)[1])}"]
    return {"replace_where": None, "before": before, "after": [
        f"create or replace table {fingerprints} as {new_fingerprints}", f"drop table {delta}"]}


def previous_version_table(conn, output: str, version: str) -> str | None:
    """Where the output's vectors of another embedding version are kept when a new version replaces them:
    `<output>__<version>` (None when the output is new or of this version already)."""
    if not embedding_versions.table_exists(conn, output):
        return None
    found = conn.execute(embedding_versions.versions_sql(names.relation(output))).fetchall()
    return embedding_versions.previous_version_name(output, [r[0] for r in found], version)

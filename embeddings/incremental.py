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
    unchanged = (f"\n    left join {names.relation(fingerprints)} as f on f.id = c.id and f.text_md5 = c.text_md5"
                 "\n    where f.id is null") if incremental else ""
    conn.execute(f"""
        create or replace table {names.relation(delta)} as
        with src as (
            select s.{id_col} as id, {duckdb_io.text_fingerprint_sql('s.' + text_col)} as text_md5
            from {source} as s where s.{id_col} is not null
        ),
        counted as (select id, text_md5, count(*) over (partition by id) as copies from src)
        select c.id, c.text_md5, c.copies from counted as c{unchanged}""")
    total = duckdb_io.count_rows(conn, options.source)
    if not incremental:
        return Plan(False, options.source, options.id_column, options.text_column, total, 0, delta)
    read = (f"select s.{id_col} as id, s.{text_col} as text from {source} as s "
            f"where s.{id_col} is null or s.{id_col} in (select d.id from {names.relation(delta)} as d)")
    to_read = conn.execute(f"select count(*) from ({read}) as r").fetchone()[0]
    return Plan(True, read, "id", "text", to_read, total - to_read, delta)


def commit_statements(conn, options, plan_: Plan, version: str) -> dict:
    """The `before` / `replace_where` / `after` of StagedTableWriter.commit for this plan."""
    source = duckdb_io.source_sql(options.source)
    id_col = names.column(options.id_column)
    fingerprints = names.relation(embedding_versions.fingerprints_table(options.output))
    delta = names.relation(plan_.delta)
    in_source = f"(select s.{id_col} from {source} as s where s.{id_col} is not null)"
    new_fingerprints = f"select d.id, d.text_md5, {names.string_literal(version)} as embedding_version from {delta} as d where d.copies = 1"
    if plan_.incremental:
        replaced = f"id is null or id in (select d.id from {delta} as d) or id not in {in_source}"
        return {"replace_where": replaced, "before": [], "after": [
            f"delete from {fingerprints} where id in (select d.id from {delta} as d) or id not in {in_source}",
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
    found = conn.execute(f"select distinct embedding_version from {names.relation(output)} limit 2").fetchall()
    if len(found) != 1 or found[0][0] in (None, version):
        return None
    return f"{output}__{found[0][0].replace('-', '_')}"

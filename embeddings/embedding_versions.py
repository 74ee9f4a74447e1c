"""Pinned embedding versions (issue 18, docs/embedding.md): an output's vectors are made by one fastText model +
tokenizer dictionary + normaliser, recorded when it is created (the first run, or `dwhml embed --retrain`) in
`<schema>.dwhml_embedding_versions` beside the output (DuckDB, or the warehouse); later runs embed with it, and
embed only the texts that are new or changed since (their md5 fingerprints in `<output>__fingerprints`)."""
from __future__ import annotations

import dataclasses
import json
from typing import Callable

from . import names

REGISTRY = "dwhml_embedding_versions"
FINGERPRINTS_SUFFIX = "__fingerprints"


@dataclasses.dataclass(frozen=True)
class EmbeddingVersion:
    output: str
    embedding_version: str
    model_path: str
    model_sha256: str
    params: dict | None
    normaliser: str
    dictionary: str


@dataclasses.dataclass(frozen=True)
class Dialect:
    """What the registry, fingerprint and incremental SQL needs of a target."""
    relation: Callable[[str], str]      # schema.table -> quoted
    literal: Callable[[str], str]       # a string literal
    fingerprint: Callable[[str], str]   # md5 (hex) of a text column's value, NULL for NULL
    text_type: str
    now: str
    create_table_as: Callable[[str, str], list]  # (quoted relation, SELECT) -> statements replacing the table

DUCKDB = Dialect(names.relation, names.string_literal, lambda text: f"md5(cast({text} as varchar))", "varchar",
                 "now()", lambda relation, select: [f"create or replace table {relation} as {select}"])


def registry_name(output: str) -> str:
    schema, _ = names.split_relation(output)
    return f"{schema}.{REGISTRY}" if schema else REGISTRY


def registry_relation(output: str) -> str:
    return names.relation(registry_name(output))


def pinned_sql(output: str, dialect: Dialect = DUCKDB) -> str:
    """The output's latest recorded version (embedding_version, model_path, model_sha256, params, normaliser,
    dictionary)."""
    return (f"select embedding_version, model_path, model_sha256, params, normaliser, dictionary "
            f"from {dialect.relation(registry_name(output))} where output = {dialect.literal(output.strip().lower())} "
            "order by created_at desc limit 1")


def version_of_row(output: str, row) -> EmbeddingVersion:
    return EmbeddingVersion(output.strip().lower(), row[0], row[1], row[2], json.loads(row[3]) if row[3] else None,
                            row[4], row[5])


def fingerprints_table(output: str) -> str:
    return output + FINGERPRINTS_SUFFIX


def table_exists(conn, relation: str) -> bool:
    schema, table = names.split_relation(relation)
    return bool(conn.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                             "and schema_name = ? and table_name = ?", [schema or "main", table]).fetchone()[0])


def pinned(conn, output: str) -> EmbeddingVersion | None:
    """The output's pinned version: the one recorded last, or None (never embedded with a recorded version)."""
    schema, _ = names.split_relation(output)
    if not table_exists(conn, f"{schema}.{REGISTRY}" if schema else REGISTRY):
        return None
    row = conn.execute(pinned_sql(output)).fetchone()
    return None if row is None else version_of_row(output, row)


def register_sql(version: EmbeddingVersion, dialect: Dialect = DUCKDB) -> list[str]:
    """The statements that record a new pinned version (run inside the swap's transaction)."""
    registry = dialect.relation(registry_name(version.output))
    columns = ("output", "embedding_version", "model_path", "model_sha256", "params", "normaliser", "dictionary")
    create = (f"create table if not exists {registry} ("
              + ", ".join(f"{c} {dialect.text_type}" for c in columns) + ", created_at timestamp)")
    values = ", ".join(dialect.literal(v) if v is not None else "null" for v in (
        version.output, version.embedding_version, version.model_path, version.model_sha256,
        json.dumps(version.params, sort_keys=True) if version.params is not None else None, version.normaliser,
        version.dictionary))
    return [create, f"insert into {registry} ({', '.join(columns)}, created_at) values ({values}, {dialect.now})"]


def fingerprinted_version(conn, output: str) -> str | None:
    """The embedding version the output's fingerprints were written with (None: no fingerprints, a table of
    another release, or more than one version)."""
    table = fingerprints_table(output)
    if not table_exists(conn, table) or not table_exists(conn, output):
        return None
    versions = conn.execute(versions_sql(names.relation(table))).fetchall()
    return versions[0][0] if len(versions) == 1 else None


def versions_sql(relation: str) -> str:
    """At most two of the embedding versions a table's rows hold (one is what callers want to know of)."""
    return f"select distinct embedding_version from {relation} limit 2"


def previous_version_name(output: str, found: list, version: str) -> str | None:
    """Where the output's vectors of another embedding version (`found`: versions_sql's rows' values) are kept
    when `version` replaces them: `<output>__<version>`; None when they are of this version already."""
    if len(found) != 1 or found[0] in (None, version):
        return None
    return f"{output}__{found[0].replace('-', '_')}"

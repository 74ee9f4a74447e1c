"""Pinned embedding versions on DuckDB (issue 18, docs/embedding.md): an output's vectors are made by one
fastText model + tokenizer dictionary + normaliser, recorded when it is created (the first run, or `dwhml embed
--retrain`) in `<schema>.dwhml_embedding_versions`; later runs embed with it, and embed only the texts that are
new or changed since (their md5 fingerprints in `<output>__fingerprints`)."""
from __future__ import annotations

import dataclasses
import json

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


def registry_relation(output: str) -> str:
    schema, _ = names.split_relation(output)
    return names.relation(f"{schema}.{REGISTRY}" if schema else REGISTRY)


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
    row = conn.execute(f"select embedding_version, model_path, model_sha256, params, normaliser, dictionary "
                       f"from {registry_relation(output)} where output = ? order by created_at desc limit 1",
                       [output.strip().lower()]).fetchone()
    if row is None:
        return None
    return EmbeddingVersion(output.strip().lower(), row[0], row[1], row[2], json.loads(row[3]) if row[3] else None,
                            row[4], row[5])


def register_sql(version: EmbeddingVersion) -> list[str]:
    """The statements that record a new pinned version (run inside the swap's transaction)."""
    registry = registry_relation(version.output)
    create = (f"create table if not exists {registry} (output varchar, embedding_version varchar, model_path varchar, "
              "model_sha256 varchar, params varchar, normaliser varchar, dictionary varchar, created_at timestamp)")
    values = ", ".join(names.string_literal(v) if v is not None else "null" for v in (
        version.output, version.embedding_version, version.model_path, version.model_sha256,
        json.dumps(version.params, sort_keys=True) if version.params is not None else None, version.normaliser,
        version.dictionary))
    return [create, f"insert into {registry} values ({values}, now())"]


def fingerprinted_version(conn, output: str) -> str | None:
    """The embedding version the output's fingerprints were written with (None: no fingerprints, a table of
    another release, or more than one version)."""
    table = fingerprints_table(output)
    if not table_exists(conn, table) or not table_exists(conn, output):
        return None
    versions = conn.execute(f"select distinct embedding_version from {names.relation(table)}").fetchall()
    return versions[0][0] if len(versions) == 1 else None

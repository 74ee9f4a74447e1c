"""Bulk read of (id, text) and staged, swapped write of vectors on DuckDB."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import names
from .split import in_train_split

def connect(path: str):
    import duckdb

    return duckdb.connect(path)


def source_sql(source: str) -> str:
    """A relation name (validated, quoted) or a SELECT wrapped in parentheses."""
    return f"({source})" if names.is_select(source) else names.relation(source)


def count_rows(conn, source: str) -> int:
    return conn.execute(f"select count(*) from {source_sql(source)} as src").fetchall()[0][0]


def training_labels(conn, source: str, train_percent: int) -> dict:
    """{id: label} of the rows of `source` (id, label) in the train split (embeddings.split: the dbt
    package's split)."""
    if not 0 < train_percent <= 100:
        raise ValueError(f"--train-percent must be in 1..100, got {train_percent}")
    inner = source_sql(source)
    try:
        rows = conn.execute(
            f"select id, cast(id as varchar), cast(label as varchar) from {inner} as src where label is not null"
        ).fetchall()
    except Exception as exc:  # duckdb raises its own Catalog/Binder exception types
        raise ValueError(f"cannot read (id, label) from {source!r}: {exc}") from exc
    return {id_: label for id_, id_text, label in rows if in_train_split(id_text, train_percent)}


def check_source(conn, source: str, id_column: str, text_column: str) -> list:
    """The source's column descriptions; a clear error when it cannot be read or lacks a column."""
    try:
        described = conn.execute(f"select * from {source_sql(source)} as src limit 0").description
    except Exception as exc:  # duckdb raises its own CatalogException/ParserException types
        raise ValueError(f"cannot read texts from {source!r}: {exc}") from exc
    columns = [d[0] for d in described]
    missing = [c for c in (id_column, text_column) if c not in columns]
    if missing:
        raise ValueError(f"{source!r} has no column {', '.join(missing)} (columns: {', '.join(columns)})")
    return described


def read_texts(conn, source: str, id_column: str = "id", text_column: str = "text", batch_rows: int = 50_000):
    """Stream (id, text) in Arrow record batches, ordered by id so runs are reproducible."""
    inner = source_sql(source)
    id_col, text_col = names.column(id_column), names.column(text_column)
    described = check_source(conn, source, id_column, text_column)
    # BLOB text stays bytes (a cast to VARCHAR would spell it as \x.. escapes): each row is decoded as UTF-8
    # by the normaliser, and a row that is not UTF-8 becomes an `undecodable` reject.
    blob = str(dict((d[0], d[1]) for d in described)[text_column]).upper() == "BLOB"
    text_sql = text_col if blob else f"{text_col}::varchar"
    # by id, then text: which row of a repeated id is kept (the others are duplicate_id rejects) is the same
    # whatever query reads them (a full run, an incremental one)
    sql = f"select {id_col} as id, {text_sql} as text from {inner} as src order by 1, 2"
    return conn.sql(sql).to_arrow_reader(batch_rows)


STAGING_SUFFIX = "__dwhml_staging"


def drop_dead_staging(conn) -> list[str]:
    """Drop the staging tables a killed run left in this database file: DuckDB takes one writer, so no other
    run can be using them while this connection writes."""
    stale = conn.execute("select schema_name, table_name from duckdb_tables() where database_name = current_database() "
                         "and ends_with(table_name, ?) order by all", [STAGING_SUFFIX]).fetchall()
    for schema_name, table_name in stale:
        conn.execute(f"drop table if exists {names.column(schema_name)}.{names.column(table_name)}")
    return [f"{s}.{t}" for s, t in stale]


class StagedTableWriter:
    """Writes vectors, rejects and tokens into staging tables, swapped in by ``commit``.

    Each batch goes through a Parquet file that DuckDB then reads with
    read_parquet: both steps run without Python's GIL, so on two cores the write
    overlaps with tokenization (an insert from an Arrow object holds the GIL).
    ``commit`` drops and renames in one transaction, so readers see the old
    tables until then; ``abort`` (or a crash, cleaned up by the next run) leaves
    the targets as they were.
    """

    def __init__(self, conn, vectors_table: str, rejects_table: str, tokens_table: str | None, id_type: pa.DataType,
                 dim: int, staging_dir: str):
        import os

        self.conn = conn
        self.targets = [vectors_table, rejects_table, tokens_table]  # tokens_table None: no tokens written
        self.staging = [t + STAGING_SUFFIX if t else None for t in self.targets]
        self.dim = dim
        self._dir = staging_dir
        self._part = os.path.join(staging_dir, "batch.parquet")
        schema_name, _ = names.split_relation(vectors_table)
        if schema_name:
            conn.execute(f"create schema if not exists {names.column(schema_name)}")
        empty_vectors = self._vectors_batch(pa.array([], id_type), np.zeros((0, dim), np.float32), "")
        empty_rejects = pa.table({"id": pa.array([], id_type), "reason": pa.array([], pa.string())})
        empty_tokens = self._tokens_batch(pa.array([], id_type), pa.array([], pa.string()), pa.array([], pa.string()))
        for table, empty in zip(self.staging, (empty_vectors, empty_rejects, empty_tokens)):
            if table:
                self._load(table, empty, create=True)

    def _load(self, table: str, arrow_table: pa.Table, create: bool = False) -> None:
        import pyarrow.parquet as pq

        pq.write_table(arrow_table, self._part, compression="none")
        source = f"read_parquet({names.string_literal(self._part)})"
        if create:
            self.conn.execute(f"create or replace table {names.relation(table)} as select * from {source}")
        else:
            self.conn.execute(f"insert into {names.relation(table)} select * from {source}")

    def _vectors_batch(self, ids: pa.Array, matrix: np.ndarray, version: str) -> pa.Table:
        columns = {"id": ids}
        for j in range(self.dim):
            columns[f"dim_{j}"] = pa.array(matrix[:, j], pa.float32())
        columns["embedding_version"] = pa.array([version] * len(ids), pa.string())
        return pa.table(columns)

    @staticmethod
    def _tokens_batch(ids: pa.Array, normalised: pa.Array, tokens: pa.Array) -> pa.Table:
        return pa.table({"id": ids, "normalised": normalised, "tokens": tokens})

    def write_tokens(self, ids: pa.Array, normalised: pa.Array, tokens: pa.Array) -> None:
        if len(ids) and self.staging[2]:
            self._load(self.staging[2], self._tokens_batch(ids, normalised, tokens))

    def write_vectors(self, ids: pa.Array, matrix: np.ndarray, version: str) -> None:
        if len(ids):
            self._load(self.staging[0], self._vectors_batch(ids, matrix, version))

    def write_rejects(self, ids: pa.Array, reasons: list[str]) -> None:
        if len(ids):
            self._load(self.staging[1], pa.table({"id": ids, "reason": pa.array(reasons, pa.string())}))

    def commit(self, replace_where: str | None = None, before: list[str] = (), after: list[str] = ()) -> None:
        """In one transaction: `before`, then each target replaced by its staging table (whole; or with
        `replace_where`, an incremental run: the target's rows matching it deleted and the staged rows
        inserted), then `after`."""
        self.conn.execute("begin transaction")
        try:
            for statement in before:
                self.conn.execute(statement)
            for staging, target in zip(self.staging, self.targets):
                if not target:
                    continue
                if replace_where is None:
                    self.conn.execute(f"drop table if exists {names.relation(target)}")
                    _, bare = names.split_relation(target)
                    self.conn.execute(f"alter table {names.relation(staging)} rename to {names.column(bare)}")
                else:
                    self.conn.execute(f"delete from {names.relation(target)} where {replace_where}")
                    self.conn.execute(f"insert into {names.relation(target)} select * from {names.relation(staging)}")
                    self.conn.execute(f"drop table {names.relation(staging)}")
            for statement in after:
                self.conn.execute(statement)
            self.conn.execute("commit")
        except BaseException:
            self.conn.execute("rollback")
            self.abort()
            raise

    def abort(self) -> None:
        for table in filter(None, self.staging):
            self.conn.execute(f"drop table if exists {names.relation(table)}")

"""Bulk read of (id, text) and staged, swapped write of vectors on DuckDB."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import names

STAGING_SUFFIX = "__dwhml_staging"


def connect(path: str):
    import duckdb

    return duckdb.connect(path)


def _inner(source: str) -> str:
    return f"({source})" if names.is_select(source) else names.relation(source)


def count_rows(conn, source: str) -> int:
    return conn.execute(f"select count(*) from {_inner(source)} as src").fetchall()[0][0]


def read_texts(conn, source: str, id_column: str = "id", text_column: str = "text", batch_rows: int = 50_000):
    """Stream (id, text) in Arrow record batches, ordered by id so runs are reproducible."""
    inner = _inner(source)
    id_col, text_col = names.column(id_column), names.column(text_column)
    try:
        columns = [d[0] for d in conn.execute(f"select * from {inner} as src limit 0").description]
    except Exception as exc:  # duckdb raises its own CatalogException/ParserException types
        raise ValueError(f"cannot read texts from {source!r}: {exc}") from exc
    missing = [c for c in (id_column, text_column) if c not in columns]
    if missing:
        raise ValueError(f"{source!r} has no column {', '.join(missing)} (columns: {', '.join(columns)})")
    sql = f"select {id_col} as id, {text_col}::varchar as text from {inner} as src order by 1"
    return conn.sql(sql).to_arrow_reader(batch_rows)


class StagedTableWriter:
    """Writes vectors and rejects into staging tables, swapped in by ``commit``.

    Readers see the old tables until the swap, which happens in one
    transaction; ``abort`` (or a crash before commit, cleaned on the next run)
    leaves the target tables as they were.
    """

    def __init__(self, conn, vectors_table: str, rejects_table: str, id_type: pa.DataType, dim: int):
        self.conn = conn
        self.targets = [vectors_table, rejects_table]
        self.staging = [t + STAGING_SUFFIX for t in self.targets]
        self.dim = dim
        self.id_type = id_type
        schema_name, _ = names.split_relation(vectors_table)
        if schema_name:
            conn.execute(f"create schema if not exists {names.column(schema_name)}")
        for table in self.staging:
            conn.execute(f"drop table if exists {names.relation(table)}")
        empty_vectors = self._vectors_batch(pa.array([], id_type), np.zeros((0, dim), np.float32), "")
        empty_rejects = pa.table({"id": pa.array([], id_type), "reason": pa.array([], pa.string())})
        self._create_like(self.staging[0], empty_vectors)
        self._create_like(self.staging[1], empty_rejects)
        self.vectors_written = 0
        self.rejects_written = 0

    def _create_like(self, table: str, arrow_table: pa.Table) -> None:
        self.conn.register("dwhml_batch", arrow_table)
        try:
            self.conn.execute(f"create table {names.relation(table)} as select * from dwhml_batch")
        finally:
            self.conn.unregister("dwhml_batch")

    def _vectors_batch(self, ids: pa.Array, matrix: np.ndarray, version: str) -> pa.Table:
        columns = {"id": ids}
        for j in range(self.dim):
            columns[f"dim_{j}"] = pa.array(matrix[:, j], pa.float32())
        columns["embedding_version"] = pa.array([version] * len(ids), pa.string())
        return pa.table(columns)

    def _append(self, table: str, arrow_table: pa.Table) -> None:
        self.conn.register("dwhml_batch", arrow_table)
        try:
            self.conn.execute(f"insert into {names.relation(table)} select * from dwhml_batch")
        finally:
            self.conn.unregister("dwhml_batch")

    def write_vectors(self, ids: pa.Array, matrix: np.ndarray, version: str) -> None:
        if len(ids):
            self._append(self.staging[0], self._vectors_batch(ids, matrix, version))
            self.vectors_written += len(ids)

    def write_rejects(self, ids: pa.Array, reasons: list[str]) -> None:
        if len(ids):
            self._append(self.staging[1], pa.table({"id": ids, "reason": pa.array(reasons, pa.string())}))
            self.rejects_written += len(ids)

    def commit(self) -> None:
        self.conn.execute("begin transaction")
        try:
            for staging, target in zip(self.staging, self.targets):
                self.conn.execute(f"drop table if exists {names.relation(target)}")
                _, bare = names.split_relation(target)
                self.conn.execute(f"alter table {names.relation(staging)} rename to {names.column(bare)}")
            self.conn.execute("commit")
        except Exception:
            self.conn.execute("rollback")
            self.abort()
            raise

    def abort(self) -> None:
        for table in self.staging:
            self.conn.execute(f"drop table if exists {names.relation(table)}")

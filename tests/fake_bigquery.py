"""A stand-in for google.cloud.bigquery.Client in tests: queries run in DuckDB (BigQuery's backticked
names and the few statements dwhml sends translated), load jobs read the Parquet file, and job ids
are unique as on BigQuery (a second job with the same id raises Conflict). It proves dwhml's loader,
retry and transaction handling, not BigQuery itself."""
from __future__ import annotations

import re

import duckdb
import pyarrow.parquet as pq
from google.api_core.exceptions import Conflict


class _Rows:
    def __init__(self, table, batch_rows):
        self.table, self.total_rows, self._batch_rows = table, table.num_rows if table is not None else 0, batch_rows

    def __iter__(self):
        return iter(tuple(row.values()) for row in (self.table.to_pylist() if self.table is not None else []))

    def to_arrow_iterable(self, bqstorage_client=None):
        self.bqstorage_client = bqstorage_client
        return iter(self.table.to_batches(max_chunksize=self._batch_rows)) if self.table is not None else iter(())


class _Job:
    def __init__(self, result):
        self._result = result

    def result(self):
        return self._result


class FakeBigQuery:
    project = "dwhml-test"

    def __init__(self, batch_rows: int = 3, db=None):
        self.db = db if db is not None else duckdb.connect()
        self.jobs: dict[str, _Job] = {}
        self.loads = 0
        self.queries: list[str] = []
        self.batch_rows = batch_rows
        self.lose_response_of_next_load = False  # the job runs, the client sees a dropped connection
        self.fail_query_containing = None

    def _sql(self, sql: str) -> str:
        sql = sql.replace(f"`{self.project}`.", "").replace("`", '"')
        sql = re.sub(r"create table if not exists (\S+) like (\S+);", r"create table if not exists \1 as select * from \2 where false;", sql)
        # GoogleSQL's CURRENT_TIMESTAMP() is DuckDB's now(); its MD5 returns bytes, spelled in hex by TO_HEX:
        # DuckDB's md5 returns that hex text already
        sql = sql.replace("current_timestamp()", "now()").replace("to_hex(md5(", "lower(md5(")
        return sql.replace("begin transaction;", "begin transaction;").replace("commit transaction;", "commit;")

    def query(self, sql, job_config=None):
        self.queries.append(sql)
        if self.fail_query_containing and self.fail_query_containing in sql:
            raise RuntimeError(f"injected failure of the query containing {self.fail_query_containing!r}")
        translated = self._sql(sql)
        if ";" in translated.strip().rstrip(";"):
            try:
                for statement in filter(str.strip, translated.split(";")):
                    self.db.execute(statement)
            except Exception:
                self.db.execute("rollback")
                raise
            return _Job(_Rows(None, self.batch_rows))
        return _Job(_Rows(self.db.sql(translated).to_arrow_table(), self.batch_rows))

    def load_table_from_file(self, file_obj, destination, job_id=None, job_config=None):
        if job_id in self.jobs:
            raise Conflict(f"Already Exists: Job {self.project}:{job_id}")
        table = pq.read_table(file_obj)
        dataset, name = destination.split(".")[-2:]
        self.db.execute(f'create schema if not exists "{dataset}"')
        self.db.register("dwhml_load", table)
        self.db.execute(f'create or replace table "{dataset}"."{name}" as select * from dwhml_load')
        self.db.unregister("dwhml_load")
        self.loads += 1
        self.jobs[job_id] = _Job(None)
        if self.lose_response_of_next_load:
            self.lose_response_of_next_load = False
            raise ConnectionError("injected: connection dropped after the load job was created")
        return self.jobs[job_id]

    def get_job(self, job_id):
        return self.jobs[job_id]

    def get_table(self, ref):
        from google.api_core.exceptions import NotFound

        dataset, name = ref.split(".")[-2:]
        if not self.db.execute("select count(*) from information_schema.tables where table_schema = ? "
                               "and table_name = ?", [dataset, name]).fetchall()[0][0]:
            raise NotFound(f"Not found: Table {self.project}:{dataset}.{name}")

        class _Table:
            num_rows = self.db.execute(f'select count(*) from "{dataset}"."{name}"').fetchall()[0][0]
        return _Table()

    def delete_table(self, ref, not_found_ok=False):
        dataset, name = ref.split(".")[-2:]
        self.db.execute(f'drop table if exists "{dataset}"."{name}"')

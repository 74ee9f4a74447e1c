"""A stand-in for a Redshift connection in tests: SQL runs in DuckDB, while UNLOAD and COPY move
Parquet through S3 (a moto server) the way Redshift does. It proves dwhml's S3 path and
transaction handling, not Redshift itself."""
from __future__ import annotations

import io
import json
import re

import duckdb
import pyarrow.parquet as pq

UNLOAD = re.compile(r"^unload \('((?:[^'\\]|''|\\.)*)'\) to 's3://([^/]+)/([^']+)' iam_role \S+ "
                    r"format as parquet manifest verbose$", re.S)
COPY = re.compile(r"^copy (\S+) from 's3://([^/]+)/([^']+)' iam_role \S+ format as parquet$")


def unescape(literal: str) -> str:
    return re.sub(r"\\(.)|''", lambda m: m.group(1) or "'", literal)


class FakeRedshift:
    def __init__(self, s3, files_per_unload: int = 2, db=None):
        self.db = db if db is not None else duckdb.connect()
        # Redshift's GETDATE() (r_GETDATE.html), which DuckDB spells now()
        self.db.execute("create macro if not exists getdate() as now()")
        self.s3 = s3
        self.files_per_unload = files_per_unload
        self.statements: list[str] = []

    def cursor(self):
        return self

    def execute(self, sql, params=None):
        self.statements.append(sql)
        if match := UNLOAD.match(sql):
            return self._unload(unescape(match.group(1)), match.group(2), match.group(3))
        if match := COPY.match(sql):
            return self._copy(match.group(1), match.group(2), match.group(3))
        self._result = self.db.execute(sql)

    def fetchall(self):
        return self._result.fetchall()

    def _unload(self, select, bucket, prefix):
        table = self.db.sql(select).to_arrow_table()
        n = self.files_per_unload
        size = -(-table.num_rows // n) if table.num_rows else 0
        entries = []
        for i in range(n if table.num_rows else 0):
            part = table.slice(i * size, size)
            buffer = io.BytesIO()
            pq.write_table(part, buffer)
            key = f"{prefix}{i:04d}_part_00.parquet"
            self.s3.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
            entries.append({"url": f"s3://{bucket}/{key}",
                            "meta": {"content_length": buffer.tell(), "record_count": part.num_rows}})
        manifest = {"entries": entries, "meta": {"record_count": table.num_rows}}
        self.s3.put_object(Bucket=bucket, Key=f"{prefix}manifest", Body=json.dumps(manifest).encode())

    def _copy(self, table, bucket, prefix):
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]
        for key in keys:
            data = pq.read_table(io.BytesIO(self.s3.get_object(Bucket=bucket, Key=key)["Body"].read()))
            self.db.register("copied", data)
            self.db.execute(f"insert into {table} select * from copied")
            self.db.unregister("copied")

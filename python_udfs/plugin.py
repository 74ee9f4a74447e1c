"""dbt-duckdb plugin: registers dwhml's Python UDFs on every connection dbt opens.

Each UDF's logic lives in a plain Python function in this package so that
pytest can call it directly; this module only wires them into DuckDB.
"""
from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        from . import registry

        registry.register_all(conn)

"""The list of UDFs the plugin registers (kept apart from dbt so tests can register them too)."""
from __future__ import annotations


def register_all(conn) -> None:
    """Register every dwhml UDF on a DuckDB connection."""

"""Where things are: the DuckDB file, the sample data, the model store."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CSV = PROJECT_ROOT / "sample_data" / "economy-watchers-ja" / "economy-watchers-ja.csv"


def duckdb_path() -> str:
    """The database file: $DWHML_DUCKDB_PATH, else dwhml.duckdb in the project root."""
    return os.environ.get("DWHML_DUCKDB_PATH") or str(PROJECT_ROOT / "dwhml.duckdb")


def model_store() -> str:
    """Directory of trained artifacts: $DWHML_MODEL_STORE, else model_store/ in the project root."""
    return os.environ.get("DWHML_MODEL_STORE") or str(PROJECT_ROOT / "model_store")

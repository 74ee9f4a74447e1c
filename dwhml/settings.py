"""Where things are: the DuckDB file, the bundled sample, the model store, the example project."""
from __future__ import annotations

import os
from pathlib import Path

# Package data: present in a checkout and in an installed wheel alike.
SAMPLE_CSV = Path(__file__).resolve().parent / "sample_data" / "economy-watchers-ja" / "economy-watchers-ja.csv"
# The repository a checkout runs from (the example project and the profile template live there, not in the wheel).
CHECKOUT = Path(__file__).resolve().parents[1]


def duckdb_path() -> str:
    """The database file: $DWHML_DUCKDB_PATH, else dwhml.duckdb in the current directory (as the profile's)."""
    return os.environ.get("DWHML_DUCKDB_PATH") or "dwhml.duckdb"


def model_store() -> str:
    """Directory of trained artifacts: $DWHML_MODEL_STORE, else model_store/ in the current directory."""
    return os.environ.get("DWHML_MODEL_STORE") or "model_store"


def example_project() -> Path:
    """The example dbt project of a checkout (examples/economy_watchers); an installed wheel has none."""
    path = CHECKOUT / "examples" / "economy_watchers"
    if not (path / "dbt_project.yml").is_file():
        raise SystemExit("dwhml: the example project is in a checkout of the dwhml repository "
                         "(examples/economy_watchers), not in the installed package")
    return path

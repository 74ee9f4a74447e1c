"""python_udfs/libraries.py: every module the UDFs import inside a function is imported once, by one thread,
before any UDF's work (two dbt threads importing scikit-learn at once failed a build)."""
import ast
import subprocess
import sys
from pathlib import Path

from python_udfs import libraries

PACKAGE = Path(libraries.__file__).parent
STANDARD = set(sys.stdlib_module_names)


def _imports_inside_functions() -> set[str]:
    found = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import):
                        found.update(alias.name for alias in inner.names)
                    elif isinstance(inner, ast.ImportFrom) and inner.level == 0:
                        found.add(inner.module)
    return {name for name in found if name.split(".")[0] not in STANDARD | {"duckdb"}}


def test_every_module_a_udf_imports_inside_a_function_is_loaded_first():
    lazy = _imports_inside_functions()
    assert "sklearn.svm" in lazy and "xgboost" in lazy  # the reader finds them
    missing = {name for name in lazy if not any(name == m or name.startswith(m + ".") or m.startswith(name + ".")
                                               for m in libraries.LAZY + libraries.MEASURED_ONLY)}
    assert missing == set()


def test_every_udf_loads_the_libraries_before_its_work(tmp_path):
    """A fresh process: after one call of any registered UDF, every module of LAZY is imported."""
    script = (
        "import sys, duckdb\n"
        "from python_udfs.registry import register_all\n"
        "from python_udfs import libraries\n"
        "conn = duckdb.connect()\n"
        "register_all(conn)\n"
        "assert not any(m in sys.modules for m in ('sklearn.svm', 'tomotopy', 'optuna'))\n"
        f"conn.execute(\"select dwhml_export_path('m', '{tmp_path}', 'x')\").fetchall()\n"
        "print(sorted(m for m in libraries.LAZY if m not in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"  # the last line: DuckDB may draw a progress bar

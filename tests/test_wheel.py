"""The Python distribution outside the repository: the wheel is built from the sources alone, installed
into a new virtualenv (its dependencies taken from the test environment, dwhml itself only from the wheel),
and `dwhml load-sample` + `dwhml embed` run there from a directory that is not the checkout."""
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from dbt_runner import ROOT

pytestmark = pytest.mark.slow
SOURCES = ["pyproject.toml", "README.md", "dwhml", "embeddings", "python_udfs"]


def _run(*command, **kwargs):
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, source / name)
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", work / "dist", source)
    (built,) = (work / "dist").glob("dwhml-*.whl")
    return built


def test_the_wheel_carries_the_cli_loader_plugin_and_sample(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("dwhml/cli.py", "embeddings/pipeline.py", "python_udfs/plugin.py",
                     "dwhml/sample_data/economy-watchers-ja/economy-watchers-ja.csv",
                     "dwhml/sample_data/economy-watchers-ja/README.md"):
        assert expected in names
    assert not any(n.startswith(("tests/", "benchmarks/", "examples/")) for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "dwhml = dwhml.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_wheel_loads_and_embeds_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    # The test environment's packages serve as dependencies; its editable dwhml is not seen (a directory added
    # by a .pth file has its own .pth files, the editable finder among them, ignored).
    site = Path(_run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "test_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-deps",
         "--no-index", wheel)
    elsewhere = tmp_path / "team"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "DWHML_TARGET": "duckdb"}
    where = _run(venv / "bin" / "python", "-c", "import dwhml, python_udfs.plugin; print(dwhml.__file__)",
                 cwd=elsewhere, env=env)
    assert where.startswith(str(site)), where
    loaded = _run(venv / "bin" / "dwhml", "load-sample", "--limit", "300", cwd=elsewhere, env=env)
    assert "raw.texts 300 rows" in loaded
    embedded = _run(venv / "bin" / "dwhml", "embed", "--no-progress", "--model",
                    ROOT / "tests" / "golden" / "tiny_fasttext_dim16.bin", cwd=elsewhere, env=env)
    assert "300 read = " in embedded, embedded
    assert (elsewhere / "dwhml.duckdb").is_file()  # the default database is in the current directory
    import duckdb

    conn = duckdb.connect(str(elsewhere / "dwhml.duckdb"), read_only=True)
    try:
        vectors, rejects = conn.execute("select (select count(*) from raw.text_vectors), "
                                        "(select count(*) from raw.text_vector_rejects)").fetchall()[0]
    finally:
        conn.close()
    assert vectors + rejects == 300 and vectors > 250

import subprocess
import sys

import pytest

from dwhml.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "dwhml.cli", *args], capture_output=True, text=True)


@pytest.mark.parametrize("command", [[], ["load-sample"], ["embed"]])
def test_help_has_examples(command):
    result = run(*command, "--help")
    assert result.returncode == 0 and "examples:" in result.stdout


def test_usage_error_exits_2():
    result = run("embed", "--no-such-flag")
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_failure_exits_1_with_a_clear_message(tmp_path, capsys):
    code = main(["embed", "--database", str(tmp_path / "x.duckdb"), "--source", "raw.nothing_here"])
    assert code == 1
    assert "cannot read texts from 'raw.nothing_here'" in capsys.readouterr().err


def test_load_sample_then_embed_reconciles(tmp_path, tiny_model_path, capsys):
    db = str(tmp_path / "s.duckdb")
    assert main(["load-sample", "--database", db, "--limit", "300"]) == 0
    assert main(["embed", "--database", db, "--model", tiny_model_path]) == 0
    out = capsys.readouterr().out
    assert "raw.texts 300 rows, raw.labels 300 rows" in out
    assert "300 read = 300 vectors + 0 rejects" in out


@pytest.mark.parametrize("command", [["metrics"], ["report"], ["leaderboard"]])
def test_missing_database_is_a_clear_error(command, tmp_path, capsys):
    assert main([*command, "--database", str(tmp_path / "none.duckdb")]) == 1
    assert "no DuckDB database at" in capsys.readouterr().err

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


def test_a_csv_is_read_by_its_header_names_not_by_position(tmp_path, capsys):
    import duckdb

    db = str(tmp_path / "own.duckdb")
    reordered = tmp_path / "reordered.csv"
    reordered.write_text("text,id,label\n求人が増えた,b2,雇用\n売上が減った,b1,家計\n", encoding="utf-8")
    assert main(["load-sample", "--csv", str(reordered), "--database", db]) == 0
    conn = duckdb.connect(db)
    assert conn.execute("select t.id, t.text, l.label from raw.texts as t join raw.labels as l using (id) "
                        "order by id").fetchall() == [("b1", "売上が減った", "家計"), ("b2", "求人が増えた", "雇用")]
    conn.close()


@pytest.mark.parametrize("header,named", [("ID,body,category", "missing column(s) id, text, label; unknown column(s) "
                                           "ID, body, category"),
                                          ("id,text", "missing column(s) label"),
                                          ("id,text,label,extra", "unknown column(s) extra"),
                                          ("id,text,label,id", "repeated column(s) id")])
def test_a_csv_with_other_columns_is_refused_naming_them(tmp_path, capsys, header, named):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(header + "\n" + ",".join(["1"] * len(header.split(","))) + "\n", encoding="utf-8")
    for command in (["load-sample", "--database", str(tmp_path / "w.duckdb")], ["leaderboard"]):
        assert main([*command, "--csv", str(wrong)]) == 1
        err = capsys.readouterr().err
        assert named in err and "expected id,text,label" in err and "Traceback" not in err
    import duckdb

    conn = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert conn.execute("select count(*) from information_schema.tables where table_schema = 'raw'").fetchone() == (0,)
    conn.close()


@pytest.mark.parametrize("outputs,message", [
    (["--output", "raw.texts", "--rejects", "raw.r", "--tokens", "raw.t"], "--output raw.texts is the --source table"),
    (["--output", "raw.x", "--rejects", "RAW.X"], "--output and --rejects are both raw.x"),
    (["--output", "raw.v", "--rejects", "raw.r", "--tokens", "raw.texts"], "--tokens raw.texts is the --source table"),
])
def test_embed_refuses_outputs_that_overwrite_an_input_or_each_other(tmp_path, tiny_model_path, capsys, outputs, message):
    import duckdb

    db = str(tmp_path / "o.duckdb")
    assert main(["load-sample", "--database", db, "--limit", "50"]) == 0
    assert main(["embed", "--database", db, "--model", tiny_model_path, *outputs]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    conn = duckdb.connect(db)
    assert [c[0] for c in conn.execute("describe raw.texts").fetchall()] == ["id", "text"]
    assert conn.execute("select count(*) from raw.texts").fetchone() == (50,)
    assert conn.execute("select count(*) from information_schema.tables where table_name not in ('texts', 'labels')"
                        ).fetchone() == (0,)
    conn.close()

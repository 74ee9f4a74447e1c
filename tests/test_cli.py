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
    assert conn.execute("select count(*) from information_schema.tables where table_name not in ('texts', 'labels', 'load_rejects')"
                        ).fetchone() == (0,)
    conn.close()


def _tables(db, sql):
    import duckdb

    conn = duckdb.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_csv_row_that_cannot_be_read_is_a_reject_not_an_abort(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"id,text,label\na1,ok text,x\na2,\xff\xfe bad,y\na3,too,many,cols\na4\na5,fine,z\n"
                    b"a6," + "\u3042".encode() * 800_000 + b",y\na7,\"unterminated,z\na8,after,x\n")
    db = str(tmp_path / "l.duckdb")
    assert main(["load-sample", "--csv", str(bad), "--database", db]) == 0
    assert "4 lines rejected" in capsys.readouterr().out
    assert _tables(db, "select id from raw.texts order by id") == [("a1",), ("a5",), ("a6",)]
    assert _tables(db, "select line, reason from raw.load_rejects order by line") == [
        (3, "invalid encoding"), (4, "too many columns"), (5, "missing columns"), (8, "unquoted value")]


def test_a_shift_jis_csv_loads_with_its_encoding_and_otherwise_nothing_is_replaced(tmp_path, capsys):
    sjis = tmp_path / "sjis.csv"
    sjis.write_bytes("id,text,label\na1,求人が増えた,雇用\na2,売上が減った,家計\n".encode("shift_jis") + b"a3,\x81\xff,x\n")
    db = str(tmp_path / "s.duckdb")
    assert main(["load-sample", "--database", db, "--limit", "5"]) == 0
    assert main(["load-sample", "--csv", str(sjis), "--database", db]) == 1
    err = capsys.readouterr().err
    assert "no readable row (3 lines rejected: invalid encoding)" in err and "--encoding" in err
    assert _tables(db, "select count(*) from raw.texts") == [(5,)]  # left as it was
    assert main(["load-sample", "--csv", str(sjis), "--database", db, "--encoding", "shift_jis"]) == 0
    assert _tables(db, "select t.id, t.text, l.label from raw.texts as t join raw.labels as l using (id) order by 1") \
        == [("a1", "求人が増えた", "雇用"), ("a2", "売上が減った", "家計")]
    assert _tables(db, "select line, reason from raw.load_rejects") == [(4, "invalid shift_jis")]


def test_an_empty_csv_and_a_locked_database_are_one_line_errors(tmp_path):
    import duckdb

    empty = tmp_path / "empty.csv"
    empty.write_text("")
    db = str(tmp_path / "lock.duckdb")
    done = run("load-sample", "--csv", str(empty), "--database", db)
    assert done.returncode == 1 and "empty file" in done.stderr and "Traceback" not in done.stderr
    holder = duckdb.connect(db)
    try:
        for command in (["load-sample", "--limit", "5"], ["embed"], ["metrics"]):
            done = run(*command, "--database", db)
            assert done.returncode == 3, (command, done.stderr)
            assert "in use by another process" in done.stderr and "Traceback" not in done.stderr
    finally:
        holder.close()


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_stops_embed_and_leaves_the_target_as_it_was(tmp_path, tiny_model_path, signum):
    # DuckDB turns a Ctrl-C that lands inside a query into its own "Query interrupted" error; the run must
    # still stop, exit 130 and not swap (issue 13: a third of early Ctrl-Cs used to be ignored, rc 0).
    import glob
    import os
    import signal
    import time

    db = str(tmp_path / "i.duckdb")
    assert main(["load-sample", "--database", db, "--limit", "2000"]) == 0
    assert main(["embed", "--database", db, "--model", tiny_model_path]) == 0
    before = _tables(db, "select count(*), sum(dim_0) from raw.text_vectors")
    env_tmp = str(tmp_path / "tmp")
    os.makedirs(env_tmp)
    process = subprocess.Popen([sys.executable, "-m", "dwhml.cli", "embed", "--database", db, "--store",
                                str(tmp_path / "store")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": env_tmp})
    deadline = time.monotonic() + 60
    while not glob.glob(f"{env_tmp}/dwhml-embed-pid{process.pid}-*") and time.monotonic() < deadline:
        time.sleep(0.01)  # signal once the run has started its work (its own temp directory exists)
    process.send_signal(getattr(signal, signum))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err[-500:]
    assert "interrupted; target tables left as they were" in err and "Traceback" not in err
    assert _tables(db, "select count(*), sum(dim_0) from raw.text_vectors") == before
    assert _tables(db, "select count(*) from duckdb_tables() where ends_with(table_name, '__dwhml_staging')") == [(0,)]
    assert os.listdir(env_tmp) == []

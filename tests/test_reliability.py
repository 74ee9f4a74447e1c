"""Nothing lost (issue 13): the cases a hostile try found, each asserting the invariants — every row read is a
vector or a reject; a target is all-old or all-new; no staging table or temporary directory is left; the exit
code and the one-line message are the documented ones. The change-of-task case runs with the model history
(tests/test_model_history.py), where a trained sample already exists."""
import glob
import os
import subprocess
import sys
import time

import duckdb
import pytest

from dwhml.cli import main
from embeddings.pipeline import EmbedOptions, embed
from test_cli import run
from test_embed_pipeline import load_texts


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


def test_blob_text_is_decoded_per_row_and_bytes_that_are_not_utf8_are_rejected(duck, tiny_model_path):
    duck.execute("create schema raw")
    duck.execute("create table raw.texts as select * from (values ('a', '求人が増えた'), ('b', '人手不足'), "
                 "('c', 'x')) as t(id, text)")
    duck.execute("create table raw.blobs as select id, case when id = 'c' then '\\xFF\\xFE'::blob "
                 "else encode(text) end as text from raw.texts")
    summary = embed(duck, EmbedOptions(source="raw.blobs", model_path=tiny_model_path))
    assert (summary.rows_read, summary.vectors, dict(summary.rejects)) == (3, 2, {"undecodable": 1})
    # the same tokens as from the VARCHAR text, not from its \x.. spelling
    by_blob = dict(duck.execute("select id, tokens from raw.text_tokens").fetchall())
    embed(duck, EmbedOptions(model_path=tiny_model_path, tokens="raw.plain_tokens", output="raw.v", rejects="raw.r"))
    plain = dict(duck.execute("select id, tokens from raw.plain_tokens where id in ('a', 'b')").fetchall())
    assert by_blob == plain and "\\x" not in "".join(by_blob.values())


def test_a_run_removes_what_killed_runs_left(duck, tiny_model_path, tmp_path, monkeypatch):
    import os
    import subprocess
    import tempfile

    from embeddings import run_dirs

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = tmp_path / f"dwhml-embed-pid{dead.pid}-abc"
    left.mkdir()
    (left / "corpus.txt").write_text("x")
    alive = tmp_path / f"dwhml-embed-pid{os.getpid()}-live"
    alive.mkdir()
    other = tmp_path / "someone-elses-dir"
    other.mkdir()
    load_texts(duck, {"a": "求人広告の件数は増加", "b": "人手不足"})
    duck.execute("create table raw.old__dwhml_staging (x int)")
    duck.execute("create table raw.text_vectors__dwhml_staging (x int)")
    summary = embed(duck, EmbedOptions(model_path=tiny_model_path))
    assert summary.vectors == 2
    assert not left.exists() and alive.exists() and other.exists()
    assert list(tmp_path.glob(f"dwhml-embed-pid{os.getpid()}-*")) == [alive]  # this run's own directory is gone
    assert duck.execute("select count(*) from duckdb_tables() where ends_with(table_name, '__dwhml_staging')"
                        ).fetchone() == (0,)
    assert run_dirs.sweep_dead_runs(tmp_path) == []


def _export(tmp_path, target_values):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from python_udfs.training import export_path

    path = export_path("m", str(tmp_path / "store"), "inv1")
    pq.write_table(pa.table({"y": target_values, "x": [float(i) for i in range(len(target_values))]}), path)
    return path


def test_a_failed_training_leaves_no_export_and_no_partial_version(tmp_path, monkeypatch):
    from python_udfs import training

    text_target = _export(tmp_path, ["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="model 'm': regression needs a numeric target; 'y' is string"):
        training.train("m", {"problem_type": "regression", "model_type": "xgboost", "target": "y", "version": "v1"},
                       text_target, str(tmp_path / "store"))
    assert list((tmp_path / "store").rglob("*")) == [tmp_path / "store" / "m"]

    def broken_fit(*args, **kwargs):
        raise MemoryError("killed mid-fit")

    monkeypatch.setattr(training, "fit_xgboost", broken_fit)
    export = _export(tmp_path, [0.5, 1.5, 2.5, 3.5])
    with pytest.raises(MemoryError):
        training.train("m", {"problem_type": "regression", "model_type": "xgboost", "target": "y", "version": "v1"},
                       export, str(tmp_path / "store"))
    assert list((tmp_path / "store").rglob("*")) == [tmp_path / "store" / "m"]


def _start_embed(db, tmp, store):
    return subprocess.Popen([sys.executable, "-m", "dwhml.cli", "embed", "--database", db, "--store", store],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": tmp})


@pytest.mark.parametrize("when", ["started", "staging"])
def test_kill_9_leaves_the_target_whole_and_the_next_run_removes_the_leftovers(tmp_path, tiny_model_path, when):
    db = str(tmp_path / "k.duckdb")
    tmp = str(tmp_path / "tmp")
    os.makedirs(tmp)
    assert main(["load-sample", "--database", db, "--limit", "3000"]) == 0
    assert main(["embed", "--database", db, "--model", tiny_model_path]) == 0
    before = _tables(db, "select count(*), sum(dim_0) from raw.text_vectors")
    process = _start_embed(db, tmp, str(tmp_path / "store"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        started = glob.glob(f"{tmp}/dwhml-embed-pid{process.pid}-*")
        if when == "started" and started:
            break
        if when == "staging" and started and os.path.exists(os.path.join(started[0], "batch.parquet")):
            break  # the staging tables are being written
        time.sleep(0.005)
    assert process.poll() is None, "the run ended before it could be killed"
    process.kill()
    process.wait()
    assert glob.glob(f"{tmp}/dwhml-embed-pid{process.pid}-*")  # kill -9: no finally ran
    assert _tables(db, "select count(*), sum(dim_0) from raw.text_vectors") == before
    # the next run (here one that embeds elsewhere) removes the dead run's directory and staging tables
    done = subprocess.run([sys.executable, "-m", "dwhml.cli", "embed", "--database", db, "--model", tiny_model_path,
                           "--output", "raw.other_vectors", "--rejects", "raw.other_rejects", "--tokens", "raw.other_tokens"],
                          capture_output=True, text=True, env={**os.environ, "TMPDIR": tmp})
    assert done.returncode == 0, done.stderr[-500:]
    assert os.listdir(tmp) == []
    assert _tables(db, "select count(*) from duckdb_tables() where ends_with(table_name, '__dwhml_staging')") == [(0,)]
    assert _tables(db, "select count(*), sum(dim_0) from raw.text_vectors") == before

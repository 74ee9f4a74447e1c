"""Shared set-up for benchmarks: a DuckDB file of N sample texts with unique ids."""
from __future__ import annotations

import time

from dwhml.settings import SAMPLE_CSV
from embeddings.names import string_literal


def make_texts_db(path: str, rows: int):
    """raw.texts with `rows` rows: the sample repeated, ids suffixed by the repetition."""
    import duckdb

    conn = duckdb.connect(path)
    conn.execute("create schema if not exists raw")
    conn.execute(f"""
        create or replace table raw.texts as
        select s.id || '-' || r.range as id, s.text
        from read_csv({string_literal(str(SAMPLE_CSV))}, header = true) as s,
             range(cast(ceil({rows} / 42730.0) as bigint)) as r
        order by r.range, s.id
        limit {int(rows)}""")
    return conn


def run_measured(command: list[str], interval: float = 0.1, **kwargs) -> tuple[float, float, str]:
    """Run a command; return (seconds, peak MB of the summed RSS of it and all its descendants, sampled every
    `interval` s: a JVM and its Python workers included, stdout). Raises when it fails, with its output."""
    import subprocess

    import psutil

    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    root, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            total = 0
            for p in tree:
                try:
                    total += p.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            peak = max(peak, total)
        except psutil.NoSuchProcess:
            pass
        time.sleep(interval)
    seconds = time.perf_counter() - start
    output = process.stdout.read()
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output}")
    return seconds, peak / 2**20, output


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


class ExampleRun:
    """The example project in a scratch directory: its own DuckDB file, model store and profiles; `run` a command
    of this environment (the output kept for a failure's message), `dbt` a dbt command on the example
    (returns {model: seconds} from run_results.json)."""

    def __init__(self, work: str):
        import os
        import shutil
        import sys
        from pathlib import Path

        from dwhml.settings import CHECKOUT

        self.work = work
        self.bin_dir = Path(sys.executable).parent
        self.database = os.path.join(work, "bench.duckdb")
        self.env = {**os.environ, "DWHML_DUCKDB_PATH": self.database, "DWHML_MODEL_STORE": os.path.join(work, "store"),
                    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        shutil.copy(CHECKOUT / "profiles.example.yml", os.path.join(work, "profiles.yml"))

    def run(self, *command):
        import subprocess

        from dwhml.settings import CHECKOUT

        result = subprocess.run(command, env=self.env, capture_output=True, text=True, cwd=CHECKOUT)
        if result.returncode:
            raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
        return result

    def dwhml(self, *args):
        return self.run(str(self.bin_dir / "dwhml"), *args)

    def sample_embedded(self, chars: int = 0) -> None:
        """The example's packages, the bundled sample (each text cut to its first `chars` characters unless 0)
        and its vectors and tokens, in this run's database."""
        import os

        import duckdb

        self.dbt("deps")
        self.dwhml("load-sample")
        if chars:
            conn = duckdb.connect(self.database)
            conn.execute(f"update raw.texts set text = left(text, {int(chars)})")
            conn.close()
        self.dwhml("embed", "--store", os.path.join(self.work, "store", "fasttext"))

    def compiled(self, jinja: str) -> str:
        """A package macro's SQL, compiled by dbt for the example's DuckDB target."""
        import os
        import re

        from dwhml.settings import example_project

        result = self.run(str(self.bin_dir / "dbt"), "compile", "--quiet", "--inline", jinja,
                          "--profiles-dir", self.work, "--project-dir", str(example_project()),
                          "--target-path", os.path.join(self.work, "target"))
        return re.sub(r"^.*?(?=select|with)", "", result.stdout.strip(), count=1, flags=re.S)

    def dbt(self, *dbt_args):
        import json
        import os
        from pathlib import Path

        from dwhml.settings import example_project

        paths = ["--profiles-dir", self.work, "--project-dir", str(example_project())]
        if dbt_args[0] == "deps":  # takes no target or log path
            self.run(str(self.bin_dir / "dbt"), *dbt_args, *paths)
            return {}
        self.run(str(self.bin_dir / "dbt"), *dbt_args, *paths, "--target-path", os.path.join(self.work, "target"),
                 "--log-path", os.path.join(self.work, "logs"))
        results = json.loads(Path(self.work, "target", "run_results.json").read_text())
        return {r["unique_id"].split(".")[-1]: r["execution_time"] for r in results["results"]}

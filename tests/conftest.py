import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = [
    "求人広告の件数は前年同月比で増加している。",
    "派遣社員の時給が上昇している。",
    "人手不足が深刻化している。",
    "来客数も客単価も大幅なプラスとなっている。",
    "原材料価格の高騰が続き、値上げを余儀なくされている。",
    "インバウンド客の増加で百貨店の売上が伸びている。",
    "年末商戦は好調だった。",
    "ガソリン価格が高止まりしている。",
] * 25


@pytest.fixture(scope="session")
def tiny_model_path():
    """A 16-dim fastText model trained once on CORPUS and committed: fastText 0.9.3
    built here does not train bit-identically run to run, so golden vectors pin a file."""
    return str(ROOT / "tests" / "golden" / "tiny_fasttext_dim16.bin")


@pytest.fixture
def duck(tmp_path):
    import duckdb

    conn = duckdb.connect(str(tmp_path / "test.duckdb"))
    yield conn
    conn.close()


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch, tmp_path):
    # Tests never touch the user's dwhml.duckdb or model store.
    monkeypatch.setenv("DWHML_DUCKDB_PATH", str(tmp_path / "env.duckdb"))
    monkeypatch.setenv("DWHML_MODEL_STORE", str(tmp_path / "model_store"))
    os.environ.pop("DWHML_TARGET", None)


@pytest.fixture(scope="module")
def duckdb_tokens(tiny_model_path, tmp_path_factory):
    """texts -> the (id, normalised, tokens) rows DuckDB's own embed writes for them (ids 1..n): what the
    sparse features are built from, for comparing the warehouses' tokens tables and features with."""
    def tokens(texts):
        import duckdb

        from embeddings.pipeline import EmbedOptions, embed

        conn = duckdb.connect(str(tmp_path_factory.mktemp("tokens") / "tokens.duckdb"))
        conn.execute("create schema raw")
        conn.execute("create table raw.texts (id bigint, text varchar)")
        conn.executemany("insert into raw.texts values (?, ?)", list(enumerate(texts, start=1)))
        embed(conn, EmbedOptions(model_path=tiny_model_path, batch_rows=4))
        rows = conn.execute("select id, normalised, tokens from raw.text_tokens order by id").fetchall()
        conn.close()
        return rows
    return tokens


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3 endpoint: moto in server mode, started here (no AWS account is reachable)."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """A boto3 S3 client of the local endpoint, with bucket dwhml-test."""
    import boto3

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    if "dwhml-test" not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket="dwhml-test")
    return client

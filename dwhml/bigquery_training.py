"""Fit on the client the BigQuery versions BigQuery ML does not train (sparse_linear, bow_linear_svc, lda), the
training step of `dwhml wait-models --target bigquery` (decisions 0014, 0015).

dbt recorded each such version as training and kept its training rows in
<dataset>.<model>__<version>__training. For each one: the Storage Read API streams those rows ->
the DuckDB plugin's trainer (dwhml.client_training.fit) -> one load job per model table, its job id minted
once (a retried request attaches to the job BigQuery already has), in client_training.fitted_parts order: the
last one's presence is what marks the version fitted -> row counts checked -> the training
rows dropped. BigQuery runs no DDL inside a transaction, so instead of a swap a failure deletes the model
tables this attempt wrote and keeps the training rows for the next one. A version whose last
table exists is not fitted again; the next `dbt build` gates and promotes it like any version.
"""
from __future__ import annotations

import os
import uuid

from embeddings import names
from embeddings.bigquery_io import load_once, quote, table_exists
from embeddings.run_dirs import run_directory

from . import client_training
from .client_training import PendingVersion


def pending_versions(client, registry: str) -> list[PendingVersion]:
    return client_training.pending_versions(tuple(row) for row in client.query(
        client_training.client_pending_sql(registry)).result())


def _table_id(version: PendingVersion, part: str, project: str) -> str:
    return quote(version.table(part), version.model_database or project).replace("`", "")


def training_select(version: PendingVersion, project: str) -> str:
    """The query whose result the Storage Read API streams: the version's kept training rows."""
    return f"select * from {quote(version.table('training'), version.model_database or project)}"


def train_pending(client, read_client, registry: str, store_dir: str, progress=lambda message: None) -> list[str]:
    """Fit every pending client-trained version; return 'dataset.model__version' of those fitted now."""
    fitted = []
    for version in pending_versions(client, registry):
        training = _table_id(version, "training", client.project)
        if table_exists(client, _table_id(version, client_training.fitted_parts(version.model_type)[-1], client.project)):
            client.delete_table(training, not_found_ok=True)  # dropped after the last load, unless interrupted
            continue  # fitted before: the next dbt build attaches to it
        if not table_exists(client, training):
            raise RuntimeError(f"{version.qualified}: recorded as training but its training rows "
                               f"({version.qualified}__training) are gone; run dbt build again to keep them anew")
        progress(f"{version.qualified}: fitting {version.model_type} on the client")
        _fit_one(client, read_client, version, store_dir)
        fitted.append(version.qualified)
    return fitted


def _fit_one(client, read_client, version: PendingVersion, store_dir: str) -> None:
    import duckdb

    from embeddings.bigquery_io import _stream_to_local

    project = version.model_database or client.project
    run = uuid.uuid4().hex
    written = []
    try:
        with run_directory("bigquery-train") as tmp:
            local = duckdb.connect(os.path.join(tmp, "train.duckdb"))
            _stream_to_local(client, read_client, training_select(version, project), local, "training")
            parquet = os.path.join(tmp, "training.parquet")
            local.execute(f"copy src.training to {names.string_literal(parquet)} (format parquet)")
            artifact = client_training.fit(version, parquet, store_dir)
            for part in client_training.fitted_parts(version.model_type):  # the last one marks a fitted version
                path = str(artifact / f"{part}.parquet")
                expected = local.execute(f"select count(*) from read_parquet({names.string_literal(path)})").fetchall()[0][0]
                destination = _table_id(version, part, project)
                written.append(destination)
                load_once(client, path, destination, f"dwhml_fit_{run}_{part}")
                if client.get_table(destination).num_rows != expected:
                    raise RuntimeError(f"load into {destination} did not write the {expected} rows of {part}")
            local.close()
    except BaseException:
        for table in written:
            try:
                client.delete_table(table, not_found_ok=True)
            except Exception:  # the original error matters more; the next attempt overwrites it
                pass
        raise
    client.delete_table(_table_id(version, "training", project), not_found_ok=True)

"""Fit on the client the Redshift versions that Redshift cannot train (sparse_linear, bow_linear_svc, lda), the
training step of `dwhml wait-models --target redshift` (decisions 0014, 0015).

dbt recorded each such version as training and kept its training rows in
<model schema>.<model>__<version>__training. For each one: UNLOAD those rows (Parquet, through a run-owned
S3 prefix) -> the DuckDB plugin's trainer (python_udfs.training.train: the same code, the same model as on
DuckDB) -> the model's tables as Parquet (client_training.fitted_parts) -> COPY into staging tables ->
row counts checked -> one transaction renames them to <model>__<version>__<table> and drops the training
rows. A failure leaves no model table: the staging tables and S3 objects are removed, the training rows
stay for the next attempt. A version whose tables exist is not trained again; the next `dbt build` gates
and promotes it like any version.
"""
from __future__ import annotations

import os
import uuid

from embeddings import names
from embeddings.redshift_io import (STAGING_SUFFIX, S3Location, _transfer, _transfer_config, _unload_to_local,
                                    copy_into_staging, redshift_literal, remove_run_leftovers, table_exists,
                                    table_exists_sql, transaction)
from embeddings.run_dirs import run_directory

from . import client_training
from .client_training import PendingVersion


def pending_versions(cursor, registry: str) -> list[PendingVersion]:
    cursor.execute(client_training.client_pending_sql(registry))
    return client_training.pending_versions(cursor.fetchall())


def columns_sql(schema: str, table: str) -> str:
    return ("select column_name from information_schema.columns where table_schema = "
            f"{redshift_literal(schema)} and table_name = {redshift_literal(table)} order by ordinal_position")




def _columns(cursor, schema: str, table: str) -> list[str]:
    cursor.execute(columns_sql(schema, table))
    return [row[0] for row in cursor.fetchall()]


def train_pending(conn, s3, location: S3Location, registry: str, store_dir: str, workers: int = 4,
                  progress=lambda message: None) -> list[str]:
    """Fit every pending client-trained version; return 'schema.model__version' of those fitted now."""
    cursor = conn.cursor()
    fitted = []
    for version in pending_versions(cursor, registry):
        if table_exists(cursor, version.model_schema, f"{version.model_identifier}__{client_training.fitted_parts(version.model_type)[-1]}"):
            continue  # fitted before: the next dbt build attaches to it
        if not table_exists(cursor, version.model_schema, version.model_identifier + "__training"):
            raise RuntimeError(f"{version.qualified}: recorded as training but its training rows "
                               f"({version.qualified}__training) are gone; run dbt build again to keep them anew")
        progress(f"{version.qualified}: fitting {version.model_type} on the client")
        _fit_one(cursor, s3, location, version, store_dir, workers)
        fitted.append(version.qualified)
    return fitted


def _fit_one(cursor, s3, location: S3Location, version: PendingVersion, store_dir: str, workers: int) -> None:
    import duckdb

    run = f"{location.prefix.strip('/')}/train/{uuid.uuid4().hex}"
    parts = client_training.fitted_parts(version.model_type)
    staging = {part: version.table(part) + STAGING_SUFFIX for part in parts}
    try:
        with run_directory("redshift-train") as tmp:
            local = duckdb.connect(os.path.join(tmp, "train.duckdb"))
            columns = _columns(cursor, version.model_schema, version.model_identifier + "__training")
            _unload_to_local(cursor, s3, location, run, "training", version.table("training"),
                             [(c, c) for c in columns], local, tmp, workers)
            parquet = os.path.join(tmp, "training.parquet")
            local.execute(f"copy src.training to {names.string_literal(parquet)} (format parquet)")
            artifact = client_training.fit(version, parquet, store_dir)
            uploads = [(str(artifact / f"{part}.parquet"), f"{run}/{part}/part_00000.parquet") for part in parts]
            config_s3 = _transfer_config()
            _transfer(lambda path, key: s3.upload_file(path, location.bucket, key, Config=config_s3), uploads, workers)
            for part in parts:
                local.execute(f"create table {part} as select * from read_parquet("
                              f"{names.string_literal(str(artifact / (part + '.parquet')))})")
                copy_into_staging(cursor, local, part, staging[part], f"s3://{location.bucket}/{run}/{part}/",
                                  location.iam_role, local.execute(f"select count(*) from {part}").fetchall()[0][0])
            local.close()
        _publish(cursor, version, staging)
    finally:
        remove_run_leftovers(cursor, s3, location.bucket, staging.values(), run + "/")


def _publish(cursor, version: PendingVersion, staging: dict) -> None:
    """The model's tables appear together, and the training rows go, in one transaction."""
    with transaction(cursor):
        for part, table in staging.items():
            cursor.execute(f"alter table {names.relation(table)} rename to "
                           f"{names.column(version.model_identifier + '__' + part)}")
        cursor.execute(f"drop table {names.relation(version.table('training'))}")

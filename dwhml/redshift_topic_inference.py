"""LDA topics of texts a version has not seen, on Redshift (`dwhml infer-topics --target redshift`): UNLOAD the
version's model and vocabulary and the word rows of the texts `into` has no topics of under that version (the
anti-join runs in Redshift) -> infer on this machine (dwhml.topic_inference) -> COPY into a staging table ->
row count checked -> one transaction replaces those texts' rows in `into` (and drops any other version's), so
readers see the table before or after the run. A failure leaves `into` as it was; staging and S3 objects go."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from embeddings import names
from embeddings.redshift_io import (STAGING_SUFFIX, S3Location, _columns_ddl, _transfer, _transfer_config,
                                    _unload_to_local, copy_into_staging, remove_run_leftovers, transaction)
from embeddings.run_dirs import run_directory

from . import topic_inference
from .redshift_training import table_exists


def infer_topics_redshift(conn, s3, location: S3Location, model: str, rows: str, into: str,
                          workers: int = 4) -> topic_inference.InferSummary:
    import duckdb

    cursor = conn.cursor()
    cursor.execute(topic_inference.info_sql(names.relation(model)))
    version = topic_inference.lda_version(model, cursor.fetchall())
    staging = into + STAGING_SUFFIX
    names.relation(staging)
    run = f"{location.prefix.strip('/')}/topics/{uuid.uuid4().hex}"
    try:
        with run_directory("redshift-topics") as tmp:
            local = duckdb.connect(os.path.join(tmp, "topics.duckdb"))
            unload = lambda name, source, columns: _unload_to_local(  # noqa: E731
                cursor, s3, location, run, name, source, [(c, c) for c in columns], local, tmp, workers)
            unload("model", version.table("model"), ["chunk", "data"])
            unload("vocabulary", version.table("vocabulary"), ["feature"])
            into_schema, into_table = names.split_relation(into)
            unload("rows", topic_inference.to_assign_sql(names.relation(rows), names.relation(into), version,
                                                         table_exists(cursor, into_schema or "public", into_table)),
                   ["id", "feature", "weight"])
            assigned, summary = topic_inference.infer_extracted(local, version, Path(tmp) / "artifact")
            if assigned.num_rows == 0:
                return summary
            local.register("assigned_arrow", assigned)
            local.execute("create table assigned as select * from assigned_arrow")
            path = os.path.join(tmp, "assigned.parquet")
            local.execute(f"copy assigned to {names.string_literal(path)} (format parquet)")
            config = _transfer_config()
            _transfer(lambda p, key: s3.upload_file(p, location.bucket, key, Config=config),
                      [(path, f"{run}/assigned/part_00000.parquet")], workers)
            columns = _columns_ddl(local, "assigned")
            copy_into_staging(cursor, local, "assigned", staging, f"s3://{location.bucket}/{run}/assigned/",
                              location.iam_role, assigned.num_rows)
            local.close()
        _replace_texts(cursor, into, staging, columns, version.model_version)
        return summary
    finally:
        remove_run_leftovers(cursor, s3, location.bucket, [staging], run + "/")


def _replace_texts(cursor, into: str, staging: str, columns: str, model_version: str) -> None:
    """The staged texts' rows replace theirs in `into`, and rows of another version go, in one transaction."""
    with transaction(cursor):
        cursor.execute(f"create table if not exists {names.relation(into)} ({columns})")
        cursor.execute(f"delete from {names.relation(into)} where model_version <> {names.string_literal(model_version)} "
                       f"or id in (select s.id from {names.relation(staging)} as s)")
        cursor.execute(f"insert into {names.relation(into)} select * from {names.relation(staging)}")

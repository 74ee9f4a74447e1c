"""LDA topics of texts a version has not seen, on BigQuery (`dwhml infer-topics --target bigquery`): the Storage
Read API streams the version's model and vocabulary and the word rows of the texts `into` has no topics of
under that version (the anti-join runs in BigQuery) -> infer on this machine (dwhml.topic_inference) -> one
load job into a staging table, its job id minted once -> row count checked -> one transaction replaces those
texts' rows in `into` (and drops any other version's). A failure leaves `into` as it was; staging goes."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pyarrow.parquet as pq

from embeddings import names
from embeddings.bigquery_io import STAGING_SUFFIX, _stream_to_local, load_once, quote
from embeddings.run_dirs import run_directory

from . import topic_inference
from .bigquery_training import table_exists


def replace_texts_script(into: str, staging: str, model_version: str, project: str) -> str:
    """The staged texts' rows replace theirs in `into`, and rows of another version go, in one transaction (DDL
    cannot run inside one, so a missing `into` is created first)."""
    target, source = quote(into, project), quote(staging, project)
    return "\n".join([
        f"create table if not exists {target} like {source};",
        "begin transaction;",
        f"delete from {target} where model_version <> {names.string_literal(model_version)} "
        f"or id in (select s.id from {source} as s);",
        f"insert into {target} select * from {source};",
        "commit transaction;"])


def infer_topics_bigquery(client, read_client, model: str, rows: str, into: str) -> topic_inference.InferSummary:
    import duckdb

    project = client.project
    version = topic_inference.lda_version(model, [tuple(r) for r in client.query(
        topic_inference.info_sql(quote(model, project))).result()])
    staging = into + STAGING_SUFFIX
    staging_id = quote(staging, project).replace("`", "")
    here = version.model_database or project
    try:
        with run_directory("bigquery-topics") as tmp:
            local = duckdb.connect(os.path.join(tmp, "topics.duckdb"))
            _stream_to_local(client, read_client, f"select m.chunk, m.data from {quote(version.table('model'), here)} as m",
                             local, "model", ("chunk", "data"))
            _stream_to_local(client, read_client, f"select v.feature from {quote(version.table('vocabulary'), here)} as v",
                             local, "vocabulary", ("feature",))
            select = topic_inference.to_assign_sql(quote(rows, project), quote(into, project), version,
                                                   table_exists(client, quote(into, project).replace("`", "")))
            _stream_to_local(client, read_client, select, local, "rows", ("id", "feature", "weight"))
            assigned, summary = topic_inference.infer_extracted(local, version, Path(tmp) / "artifact")
            if assigned.num_rows == 0:
                return summary
            path = os.path.join(tmp, "assigned.parquet")
            pq.write_table(assigned, path)
            load_once(client, path, staging_id, f"dwhml_topics_{uuid.uuid4().hex}")
            if client.get_table(staging_id).num_rows != assigned.num_rows:
                raise RuntimeError(f"load into {staging} did not write the {assigned.num_rows} inferred rows")
            local.close()
        client.query(replace_texts_script(into, staging, version.model_version, project)).result()
        return summary
    finally:
        try:
            client.delete_table(staging_id, not_found_ok=True)
        except Exception:  # the original error matters more; the next run replaces it
            pass

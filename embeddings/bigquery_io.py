"""Embed texts that live in BigQuery, in bulk (no row-by-row reads or writes).

Read with the Storage Read API (the query's result streamed as Arrow record batches) into a
scratch DuckDB file -> the same local embed as DuckDB -> Parquet (vectors, rejects, tokens) -> one
load job per table into a
staging table (its job id is minted once, so a retried request attaches to the job BigQuery already
has instead of loading twice) -> row counts checked -> the targets replaced together in one
multi-statement transaction. A failure leaves the targets as they were; staging tables are dropped.
Row counts reconcile: rows streamed = rows read = vectors + rejects = rows loaded.

The BigQuery clients are used only through the objects handed in.
"""
from __future__ import annotations

import os
import time
import uuid

from . import names
from .local_copy import embed_local_copy, warehouse_targets
from .pipeline import EmbedOptions, EmbedSummary
from .run_dirs import run_directory

STAGING_SUFFIX = "__dwhml_staging"


def quote(relation: str, project: str) -> str:
    """`project`.`dataset`.`table` from dataset.table (validated)."""
    names.relation(relation)
    parts = relation.split(".")
    if len(parts) == 2:
        parts = [project, *parts]
    return ".".join(f"`{p}`" for p in parts)


def _select(source: str, columns: list[tuple[str, str]], project: str) -> str:
    inner = f"({source})" if names.is_select(source) else quote(source, project)
    for column, _ in columns:
        names.column(column)
    return "select " + ", ".join(f"src.`{c}` as {alias}" for c, alias in columns) + f" from {inner} as src"


def _stream_to_local(client, read_client, select: str, local, table: str, columns: tuple[str, ...] | None = None) -> int:
    """Run the SELECT and stream its result (Storage Read API) into local table src.<table>; return the rows. An
    empty result gives a table of `columns` (varchar; default id and text, or label for the labels)."""
    rows = client.query(select).result()
    local.execute("create schema if not exists src")
    loaded = 0
    for i, batch in enumerate(rows.to_arrow_iterable(bqstorage_client=read_client)):
        local.register("dwhml_batch", batch)
        local.execute(f"{'insert into' if i else 'create table'} src.{table} {'' if i else 'as '}select * from dwhml_batch")
        local.unregister("dwhml_batch")
        loaded += batch.num_rows
    if loaded == 0:
        columns = columns or ("id", "text" if table == "texts" else "label")
        local.execute(f"create table src.{table} ({', '.join(c + ' varchar' for c in columns)})")
    if rows.total_rows is not None and loaded != rows.total_rows:
        raise RuntimeError(f"read {loaded} rows of {table}, BigQuery's result has {rows.total_rows}")
    return loaded


def load_once(client, path: str, destination: str, job_id: str, attempts: int = 3, sleep=time.sleep):
    """One load job for the file, whatever the retries: the job id is minted by the caller, so a retry of
    a request that reached BigQuery gets Conflict and attaches to that job instead of loading again."""
    from google.api_core.exceptions import Conflict
    from google.cloud import bigquery

    config = bigquery.LoadJobConfig(source_format=bigquery.SourceFormat.PARQUET,
                                    write_disposition=bigquery.WriteDisposition.WRITE_TRUNCATE)
    for attempt in range(1, attempts + 1):
        try:
            with open(path, "rb") as data:
                job = client.load_table_from_file(data, destination, job_id=job_id, job_config=config)
        except Conflict:
            job = client.get_job(job_id)
        except (ConnectionError, TimeoutError):
            if attempt == attempts:
                raise
            sleep(2 ** attempt)
            continue
        return job.result()


def embed_bigquery(client, read_client, options: EmbedOptions) -> EmbedSummary:
    """Embed ``options.source`` (a BigQuery table or SELECT) into ``options.output``/``rejects``/``tokens``
    on BigQuery."""
    import duckdb

    project = client.project
    options.check_outputs()
    targets = warehouse_targets(options)
    staging = {kind: table + STAGING_SUFFIX for kind, table in targets.items()}
    run = uuid.uuid4().hex
    try:
        with run_directory("bigquery-embed") as tmp:
            local = duckdb.connect(os.path.join(tmp, "embed.duckdb"))
            read = _stream_to_local(client, read_client, _select(
                options.source, [(options.id_column, "id"), (options.text_column, "text")], project), local, "texts")
            if options.supervised_labels:
                _stream_to_local(client, read_client, _select(
                    options.supervised_labels, [("id", "id"), ("label", "label")], project), local, "labels")
            done = embed_local_copy(local, options, read, bool(options.supervised_labels), tmp)
            summary = done.summary
            for kind in targets:
                destination = quote(staging[kind], project).replace("`", "")
                load_once(client, done.files[kind], destination, f"dwhml_embed_{run}_{kind}")
                loaded = client.get_table(destination).num_rows
                if loaded != done.rows[kind]:
                    raise RuntimeError(f"load into {staging[kind]} wrote {loaded} rows, expected {done.rows[kind]}")
            client.query(replace_script(targets, staging, project)).result()
            local.close()
        return summary
    finally:
        for table in staging.values():
            try:
                client.delete_table(quote(table, project).replace("`", ""), not_found_ok=True)
            except Exception:  # the original error matters more; the next run replaces it
                pass


def replace_script(targets: dict, staging: dict, project: str) -> str:
    """The targets take the staged rows in one transaction: readers see all-old or all-new tables.
    (DDL cannot run inside a BigQuery transaction, so a missing target is created first.)"""
    create = [f"create table if not exists {quote(t, project)} like {quote(staging[k], project)};"
              for k, t in targets.items()]
    swap = [f"delete from {quote(t, project)} where true;\ninsert into {quote(t, project)} "
            f"select * from {quote(staging[k], project)};" for k, t in targets.items()]
    return "\n".join(create + ["begin transaction;"] + swap + ["commit transaction;"])

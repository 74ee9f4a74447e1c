"""Embed texts that live in BigQuery, in bulk (no row-by-row reads or writes).

Read with the Storage Read API (the query's result streamed as Arrow record batches) into a
scratch DuckDB file -> the same local embed as DuckDB -> Parquet (vectors, rejects, tokens) -> one
load job per table into a
staging table (its job id is minted once, so a retried request attaches to the job BigQuery already
has instead of loading twice) -> row counts checked -> the targets replaced together in one
multi-statement transaction. A failure leaves the targets as they were; staging tables are dropped.
Row counts reconcile: rows streamed = rows read = vectors + rejects = rows loaded.

With the output's pinned embedding version (its registry and fingerprints in the output's dataset, its model
in `<dataset>.dwhml_embedding_models`), only the texts that are new or changed are read (an anti-join in
BigQuery) and their rows replaced (docs/embedding.md).

The BigQuery clients are used only through the objects handed in.
"""
from __future__ import annotations

import functools
import os
import time
import uuid

from . import embedding_versions, fasttext_model, incremental, names
from .local_copy import (embed_local_copy, export_kinds, finish_summary, pin_locally, pinned_in_warehouse,
                         plan_warehouse_run, version_made, versions_in, warehouse_targets)
from .pipeline import EmbedOptions, EmbedSummary
from .run_dirs import run_directory

STAGING_SUFFIX = "__dwhml_staging"
MODELS = "dwhml_embedding_models"
# A pinned model is stored in rows of 4 MB, well under BigQuery's limits on a row's size in loads and results.
MODEL_PART_BYTES = 4 * 2**20


def quote(relation: str, project: str) -> str:
    """`project`.`dataset`.`table` from dataset.table (validated)."""
    names.relation(relation)
    parts = relation.split(".")
    if len(parts) == 2:
        parts = [project, *parts]
    return ".".join(f"`{p}`" for p in parts)


def bigquery_literal(value: str) -> str:
    """A GoogleSQL string literal (lexical.md: a backslash escapes a quote, a backslash and a newline)."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return f"'{escaped}'"


def bigquery_dialect(project: str) -> embedding_versions.Dialect:
    """The registry, fingerprint and incremental SQL in GoogleSQL: MD5 returns BYTES, TO_HEX spells them as the
    hex text the other targets' md5 gives."""
    return embedding_versions.Dialect(
        functools.partial(quote, project=project), bigquery_literal,
        lambda text: f"to_hex(md5(cast({text} as string)))", "string", "current_timestamp()",
        lambda relation, select: [f"create or replace table {relation} as {select}"])


def table_exists(client, table_id: str) -> bool:
    from google.api_core.exceptions import NotFound

    try:
        client.get_table(table_id)
    except NotFound:
        return False
    return True


def _table_id(relation: str, project: str) -> str:
    return quote(relation, project).replace("`", "")


def _reader(client):
    """(rows(sql), exists(relation)) on a BigQuery client: what the warehouse plan asks of it."""
    def rows(sql):
        return [tuple(row) for row in client.query(sql).result()]

    def exists(relation):
        return table_exists(client, _table_id(relation, client.project))
    return rows, exists


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


def models_table(output: str) -> str:
    schema, _ = names.split_relation(output)
    return f"{schema}.{MODELS}" if schema else MODELS


def publish_model(client, output: str, path: str, sha256: str, run: str) -> str:
    """The pinned model where every machine that embeds into this dataset finds it: rows (sha256, part, data) of
    `<dataset>.dwhml_embedding_models`, stored once per model. Returns `bigquery:<table>#<sha256>`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    project, table = client.project, models_table(output)
    where = f"bigquery:{table}#{sha256}"
    if table_exists(client, _table_id(table, project)) and list(client.query(
            model_stored_sql(table, sha256, project)).result())[0][0]:
        return where
    data = open(path, "rb").read()
    parts = [data[i:i + MODEL_PART_BYTES] for i in range(0, len(data), MODEL_PART_BYTES)]
    staged = table + "__" + sha256[:16] + STAGING_SUFFIX
    with run_directory("bigquery-model") as tmp:
        parquet = os.path.join(tmp, "model.parquet")
        pq.write_table(pa.table({"sha256": [sha256] * len(parts), "part": list(range(len(parts))),
                                 "data": pa.array(parts, pa.binary())}), parquet)
        try:
            load_once(client, parquet, _table_id(staged, project), f"dwhml_model_{run}")
            client.query(f"create table if not exists {quote(table, project)} like {quote(staged, project)};\n"
                         f"insert into {quote(table, project)} select * from {quote(staged, project)} where not exists "
                         f"(select 1 from {quote(table, project)} as m where m.sha256 = {bigquery_literal(sha256)});"
                         ).result()
        finally:
            client.delete_table(_table_id(staged, project), not_found_ok=True)
    return where


def model_stored_sql(table: str, sha256: str, project: str) -> str:
    return f"select count(*) from {quote(table, project)} where sha256 = {bigquery_literal(sha256)}"


def model_parts_sql(table: str, sha256: str, project: str) -> str:
    return f"select part, data from {quote(table, project)} where sha256 = {bigquery_literal(sha256)} order by part"


def fetch_model(client, where: str, sha256: str, store_dir: str) -> str:
    """A local copy of the pinned model stored at `where` (downloaded once into the model store), checked by
    SHA-256."""
    from pathlib import Path

    fix = "`dwhml embed --target bigquery --retrain` makes a new embedding version"
    if not where.startswith("bigquery:") or "#" not in where:
        raise ValueError(f"the pinned model {where} is not stored in BigQuery: {fix}")
    table = where[len("bigquery:"):].split("#")[0]
    local = Path(store_dir) / f"pinned-{sha256}.bin"
    if local.is_file() and fasttext_model.file_sha256(local) == sha256:
        return str(local)
    rows = []
    if table_exists(client, _table_id(table, client.project)):
        rows = list(client.query(model_parts_sql(table, sha256, client.project)).result())
    if not rows:
        raise ValueError(f"cannot fetch the pinned fastText model {where}: no rows of it in {table}; restore them, "
                         f"or {fix}")
    local.parent.mkdir(parents=True, exist_ok=True)
    part = local.with_suffix(".bin.part")
    part.write_bytes(b"".join(bytes(row[1]) for row in rows))
    if fasttext_model.file_sha256(part) != sha256:
        part.unlink()
        raise ValueError(f"the fastText model {where} has changed since it was pinned: restore it, or {fix}")
    os.replace(part, local)
    return str(local)


def embed_bigquery(client, read_client, options: EmbedOptions) -> EmbedSummary:
    """Embed ``options.source`` (a BigQuery table or SELECT) into ``options.output``/``rejects``/``tokens``
    on BigQuery, with the output's pinned embedding version when it has one."""
    import duckdb

    project = client.project
    dialect = bigquery_dialect(project)
    options.check_outputs()
    targets = warehouse_targets(options)
    staging = {kind: table + STAGING_SUFFIX for kind, table in targets.items()}
    delta = options.output + incremental.DELTA_SUFFIX
    run = uuid.uuid4().hex

    rows, exists = _reader(client)

    def execute(sql):
        client.query(sql).result()
    try:
        with run_directory("bigquery-embed") as tmp:
            local = duckdb.connect(os.path.join(tmp, "embed.duckdb"))
            plan = plan_warehouse_run(options, dialect, exists, rows, execute)
            read = _stream_to_local(client, read_client, _select(plan.read_source, plan.columns, project), local,
                                    "texts")
            if plan.pin is not None:
                pin_locally(local, plan.pin, fetch_model(client, plan.pin.model_path, plan.pin.model_sha256,
                                                         options.store_dir))
            elif options.supervised_labels:
                _stream_to_local(client, read_client, _select(
                    options.supervised_labels, [("id", "id"), ("label", "label")], project), local, "labels")
            done = embed_local_copy(local, options, read, bool(options.supervised_labels) and plan.pin is None, tmp)
            version = version_made(local, plan, done.summary,
                                   lambda path, sha256: publish_model(client, options.output, path, sha256, run))
            for kind in targets:
                destination = _table_id(staging[kind], project)
                load_once(client, done.files[kind], destination, f"dwhml_embed_{run}_{kind}")
                loaded = client.get_table(destination).num_rows
                if loaded != done.rows[kind]:
                    raise RuntimeError(f"load into {staging[kind]} wrote {loaded} rows, expected {done.rows[kind]}")
            if plan.incremental:
                script = incremental_commit_script(targets, staging, plan.source, plan.id_col, delta,
                                                   version.embedding_version, project)
            else:
                script = replace_commit_script(targets, staging, incremental.new_fingerprints_select(
                                                   quote(delta, project), bigquery_literal(version.embedding_version)),
                                               version,
                                               versions_in(dialect, exists, rows, options.output),
                                               plan.new_version(version.embedding_version), project)
            client.query(script).result()
            local.close()
        return finish_summary(done.summary, plan, version, read)
    finally:
        for table in [*staging.values(), delta]:
            try:
                client.delete_table(_table_id(table, project), not_found_ok=True)
            except Exception:  # the original error matters more; the next run replaces it
                pass


def load_engine_output(client, out_dir: str, options: EmbedOptions) -> EmbedSummary:
    """`dwhml load-embedded --target bigquery`: the engine path's files (a local directory) -> a scratch DuckDB
    (counted against the manifest) -> one load job per kind into staging -> one transaction replacing the targets
    and fingerprints and pinning the version (its model stored in the dataset)."""
    import dataclasses

    import duckdb

    from .engine_load import stage_engine_files

    project = client.project
    dialect = bigquery_dialect(project)
    options.check_outputs()
    targets = warehouse_targets(options)
    kinds = {**targets, "fingerprints": embedding_versions.fingerprints_table(options.output)}
    staging = {kind: table + STAGING_SUFFIX for kind, table in kinds.items()}
    run = uuid.uuid4().hex

    rows, exists = _reader(client)
    try:
        with run_directory("bigquery-load") as tmp:
            local = duckdb.connect(os.path.join(tmp, "load.duckdb"))
            version, summary = stage_engine_files(local, out_dir, options)
            if not version.model_path.startswith("bigquery:"):
                version = dataclasses.replace(version, model_path=publish_model(
                    client, options.output, version.model_path, version.model_sha256, run))
            files, counts = export_kinds(local, list(kinds), tmp)
            for kind in kinds:
                destination = _table_id(staging[kind], project)
                load_once(client, files[kind], destination, f"dwhml_load_{run}_{kind}")
                loaded = client.get_table(destination).num_rows
                if loaded != counts[kind]:
                    raise RuntimeError(f"load into {staging[kind]} wrote {loaded} rows, expected {counts[kind]}")
            current = pinned_in_warehouse(options.output, dialect, exists, rows)
            new_version = current is None or current.embedding_version != version.embedding_version
            client.query(replace_commit_script(
                targets, staging, f"select id, text_md5, embedding_version from {quote(staging['fingerprints'], project)}",
                version, versions_in(dialect, exists, rows, options.output), new_version, project)).result()
            local.close()
        summary.model_path, summary.new_version = version.model_path, new_version
        return summary
    finally:
        for table in staging.values():
            try:
                client.delete_table(_table_id(table, project), not_found_ok=True)
            except Exception:  # the original error matters more; the next run replaces it
                pass


def incremental_commit_script(targets: dict, staging: dict, source: str, id_col: str, delta: str, version: str,
                              project: str) -> str:
    """An incremental run's commit, one transaction: the replaced ids' rows deleted and the staged rows inserted in
    every target and the fingerprints."""
    replaced = incremental.replaced_where(source, id_col, quote(delta, project))
    fingerprints = quote(embedding_versions.fingerprints_table(targets["vectors"]), project)
    swap = [f"delete from {quote(t, project)} where {replaced};\ninsert into {quote(t, project)} "
            f"select * from {quote(staging[k], project)};" for k, t in targets.items()]
    return "\n".join(["begin transaction;"] + swap + [
        f"delete from {fingerprints} where {replaced};",
        f"insert into {fingerprints} {incremental.new_fingerprints_select(quote(delta, project), bigquery_literal(version))};",
        "commit transaction;"])


def replace_commit_script(targets: dict, staging: dict, new_fingerprints: str, version, found_versions: list,
                          new_version: bool, project: str) -> str:
    """A whole run's commit: DDL first (BigQuery runs no DDL inside a transaction; each statement only adds a
    table): the previous version's vectors copied to `<output>__<version>`, missing tables created; then one
    transaction replaces the targets' and fingerprints' rows and records a new version."""
    output = targets["vectors"]
    fingerprints = quote(embedding_versions.fingerprints_table(output), project)
    ddl = []
    kept = embedding_versions.previous_version_name(output, found_versions, version.embedding_version)
    if kept:
        ddl.append(f"create or replace table {quote(kept, project)} as select * from {quote(output, project)};")
    ddl.append(f"create table if not exists {fingerprints} as {new_fingerprints} limit 0;")
    register = embedding_versions.register_sql(version, bigquery_dialect(project)) if new_version else []
    ddl += [s + ";" for s in register[:1]]
    also = [f"delete from {fingerprints} where true", f"insert into {fingerprints} {new_fingerprints}", *register[1:]]
    return "\n".join(ddl) + "\n" + replace_script(targets, staging, project, also)


def replace_script(targets: dict, staging: dict, project: str, also: list = ()) -> str:
    """The targets take the staged rows in one transaction, with the statements `also`: readers see all-old or
    all-new tables. (DDL cannot run inside a BigQuery transaction, so a missing target is created first.)"""
    create = [f"create table if not exists {quote(t, project)} like {quote(staging[k], project)};"
              for k, t in targets.items()]
    swap = [f"delete from {quote(t, project)} where true;\ninsert into {quote(t, project)} "
            f"select * from {quote(staging[k], project)};" for k, t in targets.items()]
    return "\n".join(create + ["begin transaction;"] + swap + [s + ";" for s in also] + ["commit transaction;"])

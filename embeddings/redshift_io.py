"""Embed texts that live in Redshift, in bulk through S3 (no cursor reads, no row-by-row writes).

UNLOAD (Parquet, MANIFEST VERBOSE) into a run-owned S3 prefix -> parallel download with boto3's
transfer manager -> the same local embed as DuckDB (into a scratch DuckDB file) -> Parquet of the
vectors, rejects and tokens (a text too long for a VARCHAR becomes a reject, never a truncation) ->
parallel upload -> COPY ... FORMAT AS PARQUET into staging tables -> row counts checked ->
delete + insert into the targets in one transaction (dependent views keep working). Any failure
leaves the targets as they were; the run's S3 objects and staging tables are removed at the end.
Row counts reconcile at every hop: manifest = downloaded = read = vectors + rejects = staged.

boto3 and the Redshift client are used only through the objects handed in.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import functools
import json
import os
import uuid

from . import embedding_versions, fasttext_model, incremental, names
from .local_copy import (embed_local_copy, export_kinds, finish_summary, pin_locally, pinned_in_warehouse,
                         plan_warehouse_run, version_made, versions_in, warehouse_targets)
from .pipeline import EmbedOptions, EmbedSummary
from .run_dirs import run_directory

STAGING_SUFFIX = "__dwhml_staging"
# r_Character_types.html: a VARCHAR holds at most 65,535 bytes; a longer text or token line is a reject.
REDSHIFT_MAX_VARCHAR_BYTES = 65535
REDSHIFT_TYPES = {"BIGINT": "bigint", "INTEGER": "integer", "SMALLINT": "smallint", "FLOAT": "real",
                  "DOUBLE": "double precision", "VARCHAR": f"varchar({REDSHIFT_MAX_VARCHAR_BYTES})", "BOOLEAN": "boolean",
                  "TIMESTAMP": "timestamp", "DATE": "date"}


@dataclasses.dataclass(frozen=True)
class S3Location:
    bucket: str
    prefix: str = "dwhml/embed"
    iam_role: str = "default"


def redshift_literal(value: str) -> str:
    """A Redshift string literal: backslashes and quotes doubled (the SELECT inside UNLOAD is one)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def iam_role_sql(role: str) -> str:
    return "default" if role == "default" else redshift_literal(role)


def unload_sql(select: str, url: str, role: str) -> str:
    return (f"unload ({redshift_literal(select)}) to {redshift_literal(url)} iam_role {iam_role_sql(role)} "
            "format as parquet manifest verbose")


def copy_sql(table: str, url: str, role: str) -> str:
    return f"copy {names.relation(table)} from {redshift_literal(url)} iam_role {iam_role_sql(role)} format as parquet"


def table_exists_sql(schema: str, table: str) -> str:
    return ("select count(*) from information_schema.tables where table_schema = "
            f"{redshift_literal(schema)} and table_name = {redshift_literal(table)}")


def table_exists(cursor, schema: str, table: str) -> bool:
    cursor.execute(table_exists_sql(schema, table))
    return cursor.fetchall()[0][0] > 0


def _relation_exists(cursor, relation: str) -> bool:
    schema, table = names.split_relation(relation)
    return table_exists(cursor, schema or "public", table)


def _reader(cursor):
    """(rows(sql), exists(relation)) on a Redshift cursor: what the warehouse plan asks of it."""
    def rows(sql):
        cursor.execute(sql)
        return cursor.fetchall()
    return rows, functools.partial(_relation_exists, cursor)


# The registry, fingerprint and incremental SQL on Redshift (embeddings.embedding_versions, .incremental).
# r_Character_types.html: VARCHAR without a length is VARCHAR(256); r_MD5.html: MD5(string) -> 32 hex characters;
# r_GETDATE.html: GETDATE() (the parentheses are required).
REDSHIFT = embedding_versions.Dialect(
    names.relation, redshift_literal, lambda text: f"md5({text})", f"varchar({REDSHIFT_MAX_VARCHAR_BYTES})", "getdate()",
    lambda relation, select: [f"drop table if exists {relation}", f"create table {relation} as {select}"])


def _select(source: str, columns: list[tuple[str, str]]) -> str:
    inner = f"({source})" if names.is_select(source) else names.relation(source)
    return "select " + ", ".join(f"src.{names.column(c)} as {alias}" for c, alias in columns) + f" from {inner} as src"


def _read_manifest(s3, bucket: str, key: str) -> tuple[list[str], int]:
    manifest = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    keys, rows = [], 0
    for entry in manifest.get("entries", []):
        url = entry["url"]
        prefix = f"s3://{bucket}/"
        if not url.startswith(prefix):
            raise RuntimeError(f"UNLOAD manifest {key} lists {url}, outside bucket {bucket}")
        keys.append(url[len(prefix):])
        rows += int(entry["meta"]["record_count"])
    return keys, rows


def _transfer(fn, jobs: list[tuple], workers: int) -> None:
    """Run the S3 transfers in parallel; the first error is raised after the others settle."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(fn, *job) for job in jobs]:
            future.result()


def _transfer_config():
    from boto3.s3.transfer import TransferConfig

    return TransferConfig(multipart_threshold=64 * 1024 * 1024, max_concurrency=4)


def _unload_to_local(cursor, s3, location: S3Location, run: str, name: str, source: str,
                     columns: list[tuple[str, str]], local, tmp: str, workers: int) -> int:
    """UNLOAD columns of a source, download the files, load them as local table src.<name>; return its row count."""
    select, aliases = _select(source, columns), [alias for _, alias in columns]
    cursor.execute(unload_sql(select, f"s3://{location.bucket}/{run}/{name}_", location.iam_role))
    keys, expected = _read_manifest(s3, location.bucket, f"{run}/{name}_manifest")
    paths = [os.path.join(tmp, f"{name}_{i:05d}.parquet") for i in range(len(keys))]
    config = _transfer_config()
    _transfer(lambda key, path: s3.download_file(location.bucket, key, path, Config=config),
              list(zip(keys, paths)), workers)
    local.execute("create schema if not exists src")
    if paths:
        files = "[" + ", ".join(names.string_literal(p) for p in paths) + "]"
        local.execute(f"create table src.{name} as select * from read_parquet({files})")
    else:  # an empty UNLOAD writes no file
        local.execute(f"create table src.{name} ({', '.join(f'{a} varchar' for a in aliases)})")
    loaded = local.execute(f"select count(*) from src.{name}").fetchall()[0][0]
    if loaded != expected:
        raise RuntimeError(f"UNLOAD of {name}: manifest says {expected} rows, the files hold {loaded}")
    return loaded


def _columns_ddl(local, table: str) -> str:
    columns = []
    for column_name, column_type, *_ in local.execute(f"describe {table}").fetchall():
        redshift_type = REDSHIFT_TYPES.get(column_type.upper().split("(")[0])
        if redshift_type is None:
            raise ValueError(f"{table}.{column_name}: no Redshift type for {column_type}")
        columns.append(f"{names.column(column_name)} {redshift_type}")
    return ", ".join(columns)


def publish_model(s3, location: S3Location, path: str, sha256: str) -> str:
    """The pinned model where every machine that embeds for this warehouse finds it: s3://<bucket>/<prefix>/models/
    fasttext-<sha256>.bin (uploaded once; a file of that name is that model)."""
    key = f"{location.prefix.strip('/')}/models/fasttext-{sha256}.bin"
    try:
        s3.head_object(Bucket=location.bucket, Key=key)
    except Exception:  # botocore's ClientError (404): not there yet
        s3.upload_file(str(path), location.bucket, key, Config=_transfer_config())
    return f"s3://{location.bucket}/{key}"


def fetch_model(s3, uri: str, sha256: str, store_dir: str) -> str:
    """A local copy of the pinned model at `uri` (downloaded once into the model store), checked by SHA-256."""
    from pathlib import Path

    if not uri.startswith("s3://"):
        raise ValueError(f"the pinned model {uri} is not in S3: `dwhml embed --target redshift --retrain` pins one there")
    bucket, key = uri[len("s3://"):].split("/", 1)
    local = Path(store_dir) / f"pinned-{sha256}.bin"
    if not (local.is_file() and fasttext_model.file_sha256(local) == sha256):
        local.parent.mkdir(parents=True, exist_ok=True)
        part = local.with_suffix(".bin.part")
        try:
            s3.download_file(bucket, key, str(part), Config=_transfer_config())
        except Exception as exc:
            raise ValueError(f"cannot fetch the pinned fastText model {uri}: {exc}; restore it, or `dwhml embed "
                             "--retrain` makes a new embedding version") from exc
        if fasttext_model.file_sha256(part) != sha256:
            part.unlink()
            raise ValueError(f"the fastText model {uri} has changed since it was pinned: restore it, or `dwhml embed "
                             "--retrain` makes a new embedding version")
        os.replace(part, local)
    return str(local)


def embed_redshift(conn, s3, options: EmbedOptions, location: S3Location, workers: int = 8) -> EmbedSummary:
    """Embed ``options.source`` (a Redshift relation or SELECT) into ``options.output``/``rejects``/``tokens``
    on Redshift, with the output's pinned embedding version (its model in S3) when it has one: then only the texts
    that are new or changed since the last run are unloaded and replaced (docs/embedding.md)."""
    import duckdb

    options.check_outputs()
    targets = warehouse_targets(options)
    staging = {kind: table + STAGING_SUFFIX for kind, table in targets.items()}
    delta = options.output + incremental.DELTA_SUFFIX
    for table in [*targets.values(), *staging.values(), delta, embedding_versions.fingerprints_table(options.output)]:
        names.relation(table)
    run = f"{location.prefix.strip('/')}/{uuid.uuid4().hex}"
    cursor = conn.cursor()
    rows, exists = _reader(cursor)
    try:
        with run_directory("redshift-embed") as tmp:
            local = duckdb.connect(os.path.join(tmp, "embed.duckdb"))
            plan = plan_warehouse_run(options, REDSHIFT, exists, rows, cursor.execute)
            read = _unload_to_local(cursor, s3, location, run, "texts", plan.read_source, plan.columns, local, tmp,
                                    workers)
            if plan.pin is not None:
                pin_locally(local, plan.pin, fetch_model(s3, plan.pin.model_path, plan.pin.model_sha256,
                                                         options.store_dir))
            elif options.supervised_labels:
                _unload_to_local(cursor, s3, location, run, "labels", options.supervised_labels,
                                 [("id", "id"), ("label", "label")], local, tmp, workers)
            done = embed_local_copy(local, options, read, bool(options.supervised_labels) and plan.pin is None, tmp,
                                    max_text_bytes=REDSHIFT_MAX_VARCHAR_BYTES)
            version = version_made(local, plan, done.summary,
                                   lambda path, sha256: publish_model(s3, location, path, sha256))
            uploads = [(done.files[kind], f"{run}/{kind}/part_00000.parquet") for kind in targets]
            config = _transfer_config()
            _transfer(lambda path, key: s3.upload_file(path, location.bucket, key, Config=config), uploads, workers)

            for kind in targets:
                copy_into_staging(cursor, local, "out." + kind, staging[kind], f"s3://{location.bucket}/{run}/{kind}/",
                                  location.iam_role, done.rows[kind])
            if plan.incremental:
                statements = incremental_commit_sql(targets, staging, plan.source, plan.id_col, delta,
                                                    version.embedding_version)
            else:
                statements = replace_commit_sql(local, targets, staging, incremental.new_fingerprints_select(
                                                    names.relation(delta), redshift_literal(version.embedding_version)),
                                                version,
                                                versions_in(REDSHIFT, exists, rows, options.output),
                                                new_version=plan.new_version(version.embedding_version))
            with transaction(cursor):
                for statement in statements:
                    cursor.execute(statement)
            local.close()
        return finish_summary(done.summary, plan, version, read)
    finally:
        remove_run_leftovers(cursor, s3, location.bucket, [*staging.values(), delta], run + "/")


def load_engine_output(conn, s3, out_dir: str, options: EmbedOptions, location: S3Location,
                       workers: int = 8) -> EmbedSummary:
    """`dwhml load-embedded --target redshift`: the engine path's files (a local directory) -> a scratch DuckDB
    (counted against the manifest; a text too long for a VARCHAR becomes a reject) -> S3 -> COPY into staging ->
    one transaction replacing the targets and fingerprints and pinning the version (its model published to S3)."""
    import duckdb

    from .engine_load import stage_engine_files

    options.check_outputs()
    targets = warehouse_targets(options)
    kinds = {**targets, "fingerprints": embedding_versions.fingerprints_table(options.output)}
    staging = {kind: table + STAGING_SUFFIX for kind, table in kinds.items()}
    for table in [*kinds.values(), *staging.values()]:
        names.relation(table)
    run = f"{location.prefix.strip('/')}/{uuid.uuid4().hex}"
    cursor = conn.cursor()
    rows, exists = _reader(cursor)
    try:
        with run_directory("redshift-load") as tmp:
            local = duckdb.connect(os.path.join(tmp, "load.duckdb"))
            version, summary = stage_engine_files(local, out_dir, options, REDSHIFT_MAX_VARCHAR_BYTES)
            if not version.model_path.startswith("s3://"):
                version = dataclasses.replace(version, model_path=publish_model(
                    s3, location, version.model_path, version.model_sha256))
            files, counts = export_kinds(local, list(kinds), tmp)
            config = _transfer_config()
            _transfer(lambda path, key: s3.upload_file(path, location.bucket, key, Config=config),
                      [(files[kind], f"{run}/{kind}/part_00000.parquet") for kind in kinds], workers)
            for kind in kinds:
                copy_into_staging(cursor, local, "out." + kind, staging[kind], f"s3://{location.bucket}/{run}/{kind}/",
                                  location.iam_role, counts[kind])
            current = pinned_in_warehouse(options.output, REDSHIFT, exists, rows)
            new_version = current is None or current.embedding_version != version.embedding_version
            statements = replace_commit_sql(
                local, targets, staging, f"select id, text_md5, embedding_version from "
                f"{names.relation(staging['fingerprints'])}", version,
                versions_in(REDSHIFT, exists, rows, options.output), new_version)
            with transaction(cursor):
                for statement in statements:
                    cursor.execute(statement)
            local.close()
        summary.model_path, summary.new_version = version.model_path, new_version
        return summary
    finally:
        remove_run_leftovers(cursor, s3, location.bucket, staging.values(), run + "/")


def incremental_commit_sql(targets: dict, staging: dict, source: str, id_col: str, delta: str, version: str) -> list:
    """An incremental run's commit: the replaced ids' rows deleted and the staged rows inserted in every target,
    the fingerprints likewise (run inside one transaction)."""
    replaced = incremental.replaced_where(source, id_col, names.relation(delta))
    fingerprints = names.relation(embedding_versions.fingerprints_table(targets["vectors"]))
    statements = []
    for kind, target in targets.items():
        statements += [f"delete from {names.relation(target)} where {replaced}",
                       f"insert into {names.relation(target)} select * from {names.relation(staging[kind])}"]
    return statements + [f"delete from {fingerprints} where {replaced}", f"insert into {fingerprints} "
                         + incremental.new_fingerprints_select(names.relation(delta), redshift_literal(version))]


def replace_commit_sql(local, targets: dict, staging: dict, fingerprints_select: str, version, found_versions: list,
                       new_version: bool) -> list:
    """A whole run's commit: the previous version's vectors copied to `<output>__<version>` (a copy, not a rename:
    Redshift views follow a renamed table), every target's rows replaced (dependent views keep working), the
    fingerprints rewritten, a new version recorded (run inside one transaction)."""
    output = targets["vectors"]
    statements = []
    kept = embedding_versions.previous_version_name(output, found_versions, version.embedding_version)
    if kept:
        statements += [f"drop table if exists {names.relation(kept)}",
                       f"create table {names.relation(kept)} as select * from {names.relation(output)}"]
    statements += _swap_sql(local, targets, staging)
    fingerprints = names.relation(embedding_versions.fingerprints_table(output))
    statements += [f"drop table if exists {fingerprints}", f"create table {fingerprints} as {fingerprints_select}"]
    if new_version:
        statements += embedding_versions.register_sql(version, REDSHIFT)
    return statements


def copy_into_staging(cursor, local, local_table: str, staging: str, url: str, role: str, expected: int) -> None:
    """A staging table shaped like the local table, filled by COPY from the Parquet files under `url`; its row
    count must be `expected`."""
    cursor.execute(f"drop table if exists {names.relation(staging)}")
    cursor.execute(f"create table {names.relation(staging)} ({_columns_ddl(local, local_table)})")
    cursor.execute(copy_sql(staging, url, role))
    cursor.execute(f"select count(*) from {names.relation(staging)}")
    staged = cursor.fetchall()[0][0]
    if staged != expected:
        raise RuntimeError(f"COPY into {staging} loaded {staged} rows, expected {expected}")


def remove_run_leftovers(cursor, s3, bucket: str, staging_tables, prefix: str) -> None:
    """A run's staging tables and S3 objects, removed whether it succeeded or not."""
    for table in staging_tables:
        try:
            cursor.execute(f"drop table if exists {names.relation(table)}")
        except Exception:  # the original error matters more; the next run drops it again
            pass
    _delete_prefix(s3, bucket, prefix)


@contextlib.contextmanager
def transaction(cursor):
    """BEGIN ... COMMIT around the block; ROLLBACK (and the error raised again) when it fails."""
    cursor.execute("begin")
    try:
        yield
        cursor.execute("commit")
    except BaseException:
        cursor.execute("rollback")
        raise


def _swap_sql(local, targets: dict, staging: dict) -> list:
    """Targets get the staged rows (inside the caller's transaction: readers see all-old or all-new rows)."""
    statements = []
    for kind, target in targets.items():
        schema, _ = names.split_relation(target)
        if schema:
            statements.append(f"create schema if not exists {names.column(schema)}")
        statements += [f"create table if not exists {names.relation(target)} ({_columns_ddl(local, 'out.' + kind)})",
                       f"delete from {names.relation(target)}",
                       f"insert into {names.relation(target)} select * from {names.relation(staging[kind])}"]
    return statements


def _delete_prefix(s3, bucket: str, prefix: str) -> None:
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})

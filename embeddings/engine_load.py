"""Loading the engine path's files (`dwhml load-embedded`): the manifest read, the four kinds staged from their
Parquet files and counted against it, then swapped in one transaction as a whole run of `dwhml embed` would be:
vectors, rejects and tokens replaced, the fingerprints the next incremental run starts from, and the version
pinned (a new version keeps the old vectors as `<output>__<version>`). Into DuckDB directly (load_duckdb); for
Redshift and BigQuery through a scratch DuckDB (stage_engine_files) and their bulk loads
(redshift_io.load_engine_output, bigquery_io.load_engine_output)."""
from __future__ import annotations

import collections

from . import duckdb_io, embedding_versions, incremental, names
from .engine import output_filesystem, read_manifest
from .local_copy import reject_too_long
from .pipeline import EmbedOptions, EmbedSummary
from .run_dirs import run_directory


def _parquet_sql(out_dir: str, files: list[str]) -> str:
    root = out_dir.rstrip("/") if "://" in out_dir else output_filesystem(out_dir)[1]
    return "read_parquet([" + ", ".join(names.string_literal(f"{root}/{f}") for f in files) + "])"


def _manifest_of(out_dir: str, options: EmbedOptions):
    """(manifest, the version it was made with, for options.output) of a finished engine run that read texts."""
    manifest = read_manifest(out_dir)
    version = embedding_versions.EmbeddingVersion(**{**manifest["version"], "output": options.output.strip().lower()})
    if not (manifest["files"]["vectors"] or manifest["files"]["rejects"]):
        raise ValueError(f"{out_dir}: the engine run read no text")
    return manifest, version


def _check_loaded(out_dir: str, manifest: dict, kind: str, loaded: int) -> None:
    if loaded != manifest["rows"][kind]:
        raise RuntimeError(f"{out_dir}: the manifest lists {manifest['rows'][kind]} {kind} rows, its files hold "
                           f"{loaded}")


def load_duckdb(conn, out_dir: str, options: EmbedOptions) -> EmbedSummary:
    """Replace options.output / rejects / tokens with the files of the engine run in `out_dir`; a failure leaves
    every table as it was."""
    import pyarrow.parquet as pq

    options.check_outputs()
    manifest, version = _manifest_of(out_dir, options)
    files, expected = manifest["files"], dict(manifest["rows"])
    filesystem, root = output_filesystem(out_dir)
    with filesystem.open_input_file(f"{root}/{(files['vectors'] or files['rejects'])[0]}") as fh:
        id_type = pq.read_schema(fh).field("id").type
    if not options.tokens:
        expected.pop("tokens")
    duckdb_io.drop_dead_staging(conn)
    current = embedding_versions.pinned(conn, options.output)
    fingerprints = embedding_versions.fingerprints_table(options.output)
    staged_fingerprints = fingerprints + duckdb_io.STAGING_SUFFIX
    with run_directory("load-embedded") as tmp:
        writer = duckdb_io.StagedTableWriter(conn, options.output, options.rejects, options.tokens, id_type,
                                             manifest["dim"], tmp)
        try:
            conn.execute(f"create or replace table {names.relation(staged_fingerprints)} as select id, cast(null as varchar) as "
                         f"text_md5, cast(null as varchar) as embedding_version from {names.relation(writer.staging[0])}")
            staged = dict(zip(("vectors", "rejects", "tokens"), writer.staging), fingerprints=staged_fingerprints)
            for kind, table in staged.items():
                if kind in expected and files[kind]:
                    conn.execute(f"insert into {names.relation(table)} by name "
                                 f"select * from {_parquet_sql(out_dir, files[kind])}")
            for kind in expected:
                _check_loaded(out_dir, manifest, kind,
                              conn.execute(f"select count(*) from {names.relation(staged[kind])}").fetchone()[0])
            kept = incremental.previous_version_table(conn, options.output, version.embedding_version)
            before = [f"drop table if exists {names.relation(kept)}",
                      f"alter table {names.relation(options.output)} rename to "
                      f"{names.column(names.split_relation(kept)[1])}"] if kept else []
            after = [f"drop table if exists {names.relation(fingerprints)}",
                     f"alter table {names.relation(staged_fingerprints)} rename to {names.column(names.split_relation(fingerprints)[1])}"]
            new_version = current is None or current.embedding_version != version.embedding_version
            if new_version:
                after += embedding_versions.register_sql(version)
            writer.commit(before=before, after=after)
        except BaseException:
            writer.abort()
            conn.execute(f"drop table if exists {names.relation(staged_fingerprints)}")
            raise
    rejects = collections.Counter(dict(conn.execute(
        f"select reason, count(*) from {names.relation(options.rejects)} group by reason").fetchall()))
    return EmbedSummary(rows_read=manifest["rows_read"], vectors=expected["vectors"], rejects=rejects,
                        embedding_version=version.embedding_version, model_path=version.model_path,
                        new_version=new_version)


def stage_engine_files(local, out_dir: str, options: EmbedOptions, max_text_bytes: int | None = None):
    """The engine run's files as tables out.vectors / rejects / fingerprints (/ tokens) of a scratch DuckDB,
    counted against the manifest; with `max_text_bytes`, a text whose tokens row is longer becomes a
    too_long_for_target reject (as the warehouse embed does). Returns (version, summary)."""
    manifest, version = _manifest_of(out_dir, options)
    files = manifest["files"]
    local.execute("create schema if not exists out")
    for kind in ("vectors", "rejects", "fingerprints") + (("tokens",) if options.tokens else ()):
        local.execute(f"create or replace table out.{kind} as select * from {_parquet_sql(out_dir, files[kind])}")
        _check_loaded(out_dir, manifest, kind, local.execute(f"select count(*) from out.{kind}").fetchone()[0])
    summary = EmbedSummary(rows_read=manifest["rows_read"], vectors=manifest["rows"]["vectors"],
                           rejects=collections.Counter(dict(local.execute(
                               "select reason, count(*) from out.rejects group by reason").fetchall())),
                           embedding_version=version.embedding_version)
    if options.tokens and max_text_bytes is not None:
        reject_too_long(local, max_text_bytes, summary)
    return version, summary

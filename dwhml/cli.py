"""The ``dwhml`` command: a thin layer over the embeddings and project libraries.

Exit codes: 0 success, 1 failure (a one-line message names it), 2 usage error, 3 the DuckDB file is
locked by another process, 130 interrupted (Ctrl-C or SIGTERM; the targets are left as they were).
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from . import settings
from .redshift_status import ModelStillTraining, ModelTrainingFailed


class _Formatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    pass


def _connect(args):
    from embeddings.duckdb_io import connect

    return connect(args.database)


def _read_only(database: str):
    """A read-only connection to an existing database file; a clear error when there is none."""
    import os

    import duckdb

    if database != ":memory:" and not os.path.exists(database):
        raise FileNotFoundError(f"no DuckDB database at {database}: run `make demo` or `dwhml load-sample` first, "
                                "or pass --database")
    return duckdb.connect(database, read_only=True)


def _add_database(parser, targets=("duckdb",)):
    parser.add_argument("--target", choices=list(targets), default="duckdb",
                        help="warehouse to run on (docs/redshift.md, docs/bigquery.md)")
    parser.add_argument("--database", default=settings.duckdb_path(),
                        help="DuckDB file (default: $DWHML_DUCKDB_PATH or dwhml.duckdb in the current directory)")


def cmd_load_sample(args) -> int:
    from pathlib import Path

    from .sample import load_sample

    csv_path = Path(args.csv) if args.csv else settings.SAMPLE_CSV
    if not csv_path.is_file():
        raise FileNotFoundError(f"no such CSV file: {csv_path}")
    counts = load_sample(_connect(args), csv_path=csv_path, limit=args.limit, encoding=args.encoding)
    what = csv_path.name if args.csv else "sample"
    print(f"loaded {what} into {args.database}: raw.texts {counts['texts']:,} rows, raw.labels {counts['labels']:,} rows"
          + (f"; {counts['rejects']:,} lines rejected (line, reason and content in raw.load_rejects)"
             if counts["rejects"] else ""))
    return 0


def cmd_leaderboard(args) -> int:
    import statistics

    import duckdb

    from embeddings.duckdb_io import source_sql

    from . import leaderboard

    if args.save:
        conn = duckdb.connect(args.database)
    else:
        conn = duckdb.connect() if args.csv else _read_only(args.database)  # a CSV needs no database file
    if args.csv:
        from .csv_input import csv_source_sql

        source, rejected = csv_source_sql(conn, args.csv, args.encoding)
        if rejected:
            print(f"{rejected:,} lines of {args.csv} could not be read and are left out "
                  "(`dwhml load-sample --csv` keeps them in raw.load_rejects)", file=sys.stderr)
    else:
        source = source_sql(args.source)
    rows = conn.execute(f"select id, text, label from {source} as src order by id").fetchall()
    if args.limit:
        rows = rows[:: max(1, len(rows) // args.limit)][: args.limit]
    ids, texts, labels = zip(*rows) if rows else ((), (), ())
    store = None if args.no_dense else f"{settings.model_store()}/fasttext"
    corpus = leaderboard.corpus_from_rows(ids, texts, labels, positive=args.positive, fasttext_store=store)
    task = f"{args.positive} vs rest" if args.positive else f"{len(corpus.classes)} classes"
    print(f"leaderboard: {len(corpus.ids):,} texts, {task}, {args.folds}-fold stratified CV", flush=True)
    results = leaderboard.run(corpus, folds=args.folds, candidates=args.candidates,
                              progress=lambda line: print("  " + line, flush=True))
    print(leaderboard.format_rows(results))
    best_row = next(r for r in results if r["candidate"] in leaderboard.CANDIDATES)
    best = best_row["candidate"]
    candidate = leaderboard.CANDIDATES[best]
    config = candidate.config()
    if best_row.get("rounds"):  # what was measured: the rounds early stopping kept (median over the folds)
        config["hyperparameters"]["num_round"] = int(statistics.median(best_row["rounds"]))
    keys = ", ".join(f"{k!r}: {v!r}" for k, v in config.items())
    print(f"best candidate {best}; in a model's config(meta={{'dwhml': {{...}}}}): {keys}"
          + (f" (components: the models of {' and '.join(candidate.components)})" if candidate.components else ""))
    if args.save:
        leaderboard.save(conn, results, task=task, source=args.csv or args.source, texts=len(corpus.ids))
        print("saved to main.leaderboard")
    return 0


def cmd_embed(args) -> int:
    from embeddings.fasttext_model import FastTextParams
    from embeddings.pipeline import EmbedOptions, embed

    given = {"dim": args.dim, "epoch": args.epoch, "min_count": args.min_count, "minn": args.minn,
             "maxn": args.maxn, "bucket": args.bucket, "threads": args.threads, "lr": args.lr}
    given = {k: v for k, v in given.items() if v is not None}
    if args.supervised_labels:
        params = FastTextParams.supervised(**given)
    else:
        params = FastTextParams(model=args.model_type, **given)
    options = EmbedOptions(source=args.source, output=args.output, rejects=args.rejects, id_column=args.id_column,
                           text_column=args.text_column, dictionary=args.dictionary, model_path=args.model,
                           params=params, store_dir=args.store, max_chars=args.max_chars,
                           tokens=None if args.no_tokens or args.supervised_labels else args.tokens,
                           supervised_labels=args.supervised_labels, train_percent=args.train_percent,
                           batch_rows=args.batch_rows, progress=not args.no_progress and sys.stderr.isatty(),
                           retrain=args.retrain, full=args.full)
    if args.target == "redshift":
        summary = _embed_redshift(options)
    elif args.target == "bigquery":
        summary = _embed_bigquery(options)
    else:
        summary = embed(_connect(args), options)
    print(format_embed_summary(options, summary))
    return 0


def cmd_embedding_version(args) -> int:
    """The output's pinned embedding version as JSON: what the engine path's job is given."""
    import dataclasses
    import json

    from embeddings import embedding_versions

    pinned = embedding_versions.pinned(_read_only(args.database), args.output)
    if pinned is None:
        raise ValueError(f"{args.output} has no pinned embedding version in {args.database}: run `dwhml embed` first")
    text = json.dumps(dataclasses.asdict(pinned), indent=2, sort_keys=True)
    if args.write:
        Path(args.write).write_text(text + "\n")
        print(f"wrote embedding version {pinned.embedding_version} to {args.write}")
    else:
        print(text)
    return 0


def cmd_embed_engine(args) -> int:
    import json

    from embeddings import engine_spark
    from embeddings.embedding_versions import EmbeddingVersion

    if args.workers < 1:
        raise ValueError(f"--workers must be >= 1, got {args.workers}")
    try:
        fields = json.loads(Path(args.version_file).read_text())
        version = EmbeddingVersion(**fields)
    except FileNotFoundError:
        raise ValueError(f"no such version file: {args.version_file} (write one with `dwhml embedding-version "
                         "--write`)") from None
    except (json.JSONDecodeError, TypeError) as exc:
        raise ValueError(f"{args.version_file} is not an embedding version written by `dwhml embedding-version`: "
                         f"{exc}") from None
    spark = engine_spark.session(None if args.cluster else args.workers, args.batch_rows)
    try:
        manifest = engine_spark.embed_parquet(spark, args.input, args.output_dir, version,
                                              args.model or version.model_path, args.id_column, args.text_column,
                                              args.max_chars)
    finally:
        if not args.cluster:
            spark.stop()
    rows = manifest["rows"]
    print(f"dwhml embed-engine: {manifest['rows_read']:,} read = {rows['vectors']:,} vectors + {rows['rejects']:,} "
          f"rejects ({rows['tokens']:,} token rows); embedding_version {version.embedding_version}; files and "
          f"manifest in {args.output_dir}")
    return 0


def cmd_load_embedded(args) -> int:
    from embeddings.engine_load import load_duckdb
    from embeddings.pipeline import EmbedOptions

    options = EmbedOptions(output=args.output, rejects=args.rejects, tokens=None if args.no_tokens else args.tokens)
    if args.target == "redshift":
        from embeddings.redshift_io import load_engine_output

        s = _on_redshift_through_s3(lambda conn, s3, location: load_engine_output(conn, s3, args.directory, options,
                                                                                  location))
    elif args.target == "bigquery":
        from embeddings.bigquery_io import load_engine_output

        s = load_engine_output(_bigquery_clients()[0], args.directory, options)
    else:
        s = load_duckdb(_connect(args), args.directory, options)
    print(f"dwhml load-embedded: {args.directory} -> {args.output} (rejects: {args.rejects}): {s.rows_read:,} read = "
          f"{s.vectors:,} vectors + {s.rejected:,} rejects; embedding_version {s.embedding_version}"
          + (" (new, pinned)" if s.new_version else ""))
    return 0


def _on_redshift_through_s3(run):
    """run(connection, s3 client, the embed's S3 location): the bucket, role and prefix from the environment."""
    import boto3

    from . import redshift_client

    conn = redshift_client.connect()
    try:
        return run(conn, boto3.client("s3"), _redshift_location("dwhml/embed"))
    finally:
        conn.close()


def _embed_redshift(options):
    """UNLOAD -> local embed -> COPY."""
    from embeddings.redshift_io import embed_redshift

    return _on_redshift_through_s3(lambda conn, s3, location: embed_redshift(conn, s3, options, location))


def _redshift_location(default_prefix: str):
    """The S3 bucket, prefix and IAM role UNLOAD and COPY go through, from the environment."""
    import os

    from embeddings.redshift_io import S3Location

    bucket = os.environ.get("DWHML_REDSHIFT_S3_BUCKET")
    if not bucket:
        raise ValueError("set DWHML_REDSHIFT_S3_BUCKET: the bucket UNLOAD and COPY go through (docs/redshift.md)")
    return S3Location(bucket=bucket, prefix=os.environ.get("DWHML_REDSHIFT_S3_PREFIX", default_prefix),
                      iam_role=os.environ.get("DWHML_REDSHIFT_IAM_ROLE", "default"))


def _bigquery_clients():
    """(query client, Storage Read client) of $DWHML_BIGQUERY_PROJECT in $DWHML_BIGQUERY_LOCATION."""
    import os

    from google.cloud import bigquery, bigquery_storage

    project = os.environ.get("DWHML_BIGQUERY_PROJECT")
    if not project:
        raise ValueError("set DWHML_BIGQUERY_PROJECT (docs/bigquery.md)")
    client = bigquery.Client(project=project, location=os.environ.get("DWHML_BIGQUERY_LOCATION", "US"))
    return client, bigquery_storage.BigQueryReadClient()


def _embed_bigquery(options):
    """Storage Read -> local embed -> load job -> one transaction, in $DWHML_BIGQUERY_PROJECT."""
    from embeddings.bigquery_io import embed_bigquery

    return embed_bigquery(*_bigquery_clients(), options)


def cmd_wait_models(args) -> int:
    if args.target == "duckdb":
        print("dwhml wait-models: DuckDB trains inside dbt build; nothing to wait for")
        return 0
    if args.target == "bigquery":
        fitted = _fit_on_the_client_bigquery()
        print(f"dwhml wait-models: fitted on the client and loaded: {', '.join(fitted)}" if fitted
              else "dwhml wait-models: no model is waiting (BigQuery ML trains inside dbt build)")
        return 0
    from embeddings.names import relation

    from . import redshift_client, redshift_status

    conn = redshift_client.connect()
    cursor = conn.cursor()
    registry = relation(f"{redshift_client.schema()}.dwhml_model_registry")
    models = args.model or redshift_status.pending_models(cursor, registry)
    if models:
        redshift_status.wait_for_models(
            cursor, models, args.timeout,
            progress=lambda model, state, waited: print(f"  {model}: {state!r} after {waited:.0f}s", flush=True))
        print(f"dwhml wait-models: ready: {', '.join(models)}")
    fitted = [] if args.model else _fit_on_the_client(conn, registry)
    if fitted:
        print(f"dwhml wait-models: fitted on the client and written back: {', '.join(fitted)}")
    if not models and not fitted:
        print("dwhml wait-models: no model is training")
    return 0


def _fit_on_the_client_bigquery() -> list[str]:
    """Versions BigQuery ML does not train (the linear models: sparse_linear, bow_linear_svc): Storage Read -> the plugin's trainer -> load jobs."""
    import os

    from embeddings.bigquery_io import quote

    from . import bigquery_training, settings

    client, read_client = _bigquery_clients()
    registry = quote(f"{os.environ.get('DWHML_BIGQUERY_DATASET', 'dwhml')}.dwhml_model_registry", client.project)
    return bigquery_training.train_pending(client, read_client, registry,
                                           str(settings.model_store()),
                                           progress=lambda message: print(f"  {message}", flush=True))


def _fit_on_the_client(conn, registry: str) -> list[str]:
    """Versions Redshift cannot train (sparse_linear, bow_linear_svc): UNLOAD -> the plugin's trainer -> COPY back."""
    import boto3

    from . import redshift_training, settings

    if not redshift_training.pending_versions(conn.cursor(), registry):
        return []  # nothing to fit: no bucket needed
    return redshift_training.train_pending(conn, boto3.client("s3"), _redshift_location("dwhml/train"), registry,
                                           str(settings.model_store()),
                                           progress=lambda message: print(f"  {message}", flush=True))


def cmd_infer_topics(args) -> int:
    if args.target == "duckdb":
        print("dwhml infer-topics: on DuckDB the plugin infers inside SQL: dwhml.topics(ref('<model>'), <rows>) "
              "(e.g. an incremental model: dwhml.incremental_topics); nothing to do here")
        return 0
    if args.target == "bigquery":
        from .bigquery_topic_inference import infer_topics_bigquery

        summary = infer_topics_bigquery(*_bigquery_clients(), args.model, args.rows, args.into)
    else:
        import boto3

        from . import redshift_client
        from .redshift_topic_inference import infer_topics_redshift

        conn = redshift_client.connect()
        try:
            summary = infer_topics_redshift(conn, boto3.client("s3"), _redshift_location("dwhml/topics"),
                                            args.model, args.rows, args.into)
        finally:
            conn.close()
    print(f"dwhml infer-topics: {args.model} -> {args.into}: {summary.line()}")
    return 0


def cmd_build(args) -> int:
    from .build import build, dbt_runner

    dbt_args = list(args.dbt_args)
    if dbt_args[:1] == ["--"]:
        dbt_args = dbt_args[1:]
    if args.target != "duckdb":
        dbt_args += ["--target", args.target]
    wait = lambda: cmd_wait_models(argparse.Namespace(target=args.target, model=None, timeout=args.timeout))  # noqa: E731
    return build(args.target, dbt_runner(dbt_args), wait)


def cmd_smoke(args) -> int:
    from .smoke import run_smoke

    return run_smoke(args.target, args.rows)


def cmd_metrics(args) -> int:
    from .metrics_table import format_metrics, latest_metrics

    conn = _read_only(args.database)
    models = latest_metrics(conn, args.schema)
    if not models:
        print("no metrics yet: run dbt build first", file=sys.stderr)
        return 1
    print("Test-split metrics, newest version of each model (baselines: *_baseline)")
    print(format_metrics(models))
    return 0


def cmd_trials(args) -> int:
    from .trials_table import format_trials, tuned_versions

    versions = tuned_versions(_read_only(args.database), args.schema, args.model)
    if not versions:
        print("no tuned model yet: give an ml_model meta.dwhml.tuning (docs/tuning.md) and run dbt build",
              file=sys.stderr)
        return 1
    print("Tuning trials, newest tuned version of each model (best first)")
    print(format_trials(versions))
    return 0


def cmd_topics(args) -> int:
    from .topics_table import format_topics, topic_models

    models = topic_models(_read_only(args.database), args.schema)
    if not models:
        print("no topic model yet: run dbt build first", file=sys.stderr)
        return 1
    print("Topic models, current version of each: measures (docs/topics.md) and each LDA topic's top words")
    print(format_topics(models))
    return 0


def cmd_topic_counts(args) -> int:
    from .topic_counts import COUNTED, format_results, run

    try:
        counts = sorted({int(c) for c in args.counts.split(",")})
    except ValueError:
        raise ValueError(f"--counts must be integers separated by commas, got {args.counts!r}") from None
    conn = _read_only(args.database)
    version, results = run(conn, args.model, counts, args.schema)
    model_type = version["model_type"]
    counted = COUNTED[model_type][0]
    print(f"{args.model}: {model_type} with {', '.join(map(str, counts))} {'topics' if model_type == 'lda' else 'clusters'}"
          f" on the training rows of version {version['model_version']} (its other hyperparameters), best first")
    print(format_results(results, model_type, version["hyperparameters"][counted]))
    return 0


def cmd_synthetic_events(args) -> int:
    from pathlib import Path

    from .synthetic_events import sample_events, write_csv

    rows = sample_events(users=args.users, seed=args.seed)
    write_csv(rows, Path(args.csv))
    print(f"wrote {len(rows):,} SYNTHETIC events of {args.users:,} made-up users to {args.csv}")
    return 0


def cmd_report(args) -> int:
    from pathlib import Path

    from .report import write_report

    conn = _read_only(args.database)
    try:
        index = write_report(conn, Path(args.out), args.schema)
    except LookupError as exc:
        print(f"dwhml report: {exc}", file=sys.stderr)
        return 1
    print(f"model report: {index.resolve()}")
    return 0


def format_embed_summary(options, s) -> str:
    sec = s.seconds
    lines = [f"dwhml embed: {options.source} -> {options.output} (rejects: {options.rejects})"]
    if "train_fasttext" in sec:
        how = "reused cached" if s.model_reused else "trained"
        lines.append(f"  read+normalise+tokenize  {s.rows_read:,} rows in {sec['read_tokenize']:.1f}s")
        lines.append(f"  fastText                 {how} {s.model_path} in {sec['train_fasttext']:.1f}s")
    else:
        lines.append(f"  fastText                 loaded {s.model_path}"
                     + ("" if s.new_version else " (the output's pinned embedding version)"))
    if s.incremental:
        lines.append(f"  incremental              {s.skipped_unchanged:,} texts unchanged since the last run, skipped")
    lines.append(f"  vectorise+write          {s.vectors:,} vectors in {sec['vectorise_write']:.1f}s")
    for reason, n in sorted(s.rejects.items()):
        lines.append(f"  reject                   {reason}: {n:,}")
    skipped = f"{s.skipped_unchanged:,} unchanged + " if s.incremental else ""
    lines.append(f"Completed in {sec['total']:.1f}s: {s.rows_read + s.skipped_unchanged:,} read = {skipped}"
                 f"{s.vectors:,} vectors + {s.rejected:,} rejects; embedding_version {s.embedding_version}"
                 + (" (new, pinned)" if s.new_version else ""))
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dwhml", formatter_class=_Formatter, description=textwrap.dedent("""
        Machine learning inside the data warehouse, for Japanese text.

        examples:
          dwhml load-sample                 # bundled economy-watchers comments -> raw.texts, raw.labels
          dwhml embed                       # raw.texts -> raw.text_vectors (+ raw.text_vector_rejects)
          dbt build                         # train, predict, evaluate
          dwhml metrics                     # each model beside its baseline
          dwhml trials                      # the tuned models' trials, best first
          dwhml embed --help                # every option of a command

        exit codes: 0 success; 1 failure, named in one line (bad input, a missing table, a failed
        training); 2 usage error; 3 the DuckDB file is in use by another process; 130 interrupted
        (Ctrl-C or SIGTERM): the target tables are left as they were.
        """))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("load-sample", help="load the bundled sample into raw.texts and raw.labels",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Load the bundled Economy Watchers Survey comments (CC BY 4.0, see
        dwhml/sample_data/economy-watchers-ja/README.md) into raw.texts (id, text) and
        raw.labels (id, label), replacing both in one transaction.

        examples:
          dwhml load-sample
          dwhml load-sample --limit 5000 --database /tmp/small.duckdb
        """))
    _add_database(p)
    p.add_argument("--limit", type=int, help="load only the first N rows by id")
    p.add_argument("--csv", help="load your own CSV with the header id,text,label instead of the sample")
    p.add_argument("--encoding", default="utf-8", help="the CSV's encoding (e.g. shift_jis, cp932)")
    p.set_defaults(func=cmd_load_sample)

    p = sub.add_parser("leaderboard", help="cross-validate candidate pipelines and both baselines",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Stratified K-fold cross-validation of the candidate pipelines on labelled
        texts: the two baselines (word counts / word TF-IDF + LinearSVC), the
        talk's dense recipe (mean fastText vectors + XGBoost), supervised
        fastText vectors (trained on the training folds only) + XGBoost, the
        sparse linear model scored in SQL (word + character n-gram TF-IDF) and a
        blend of dense and sparse probabilities. The
        'selected' row picks a candidate per fold on an inner validation split,
        so it never sees the fold it is scored on.

        examples:
          dwhml leaderboard --positive 雇用            # binary: 雇用 vs rest
          dwhml leaderboard                           # multiclass on every label
          dwhml leaderboard --csv my_texts.csv --folds 3 --save
        """))
    _add_database(p)
    p.add_argument("--source", default="select t.id, t.text, l.label from raw.texts as t "
                   "inner join raw.labels as l on t.id = l.id", help="relation or SELECT giving id, text, label")
    p.add_argument("--csv", help="a CSV with the header id,text,label instead of --source")
    p.add_argument("--encoding", default="utf-8", help="the CSV's encoding (e.g. shift_jis, cp932)")
    p.add_argument("--positive", help="binary task: this label vs the rest (default: multiclass)")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--limit", type=int, help="use an evenly spaced subset of N texts")
    p.add_argument("--candidates", nargs="+", help="candidate names (default: all but the fastText-parameter "
                   "variants dense_subword_1_3_xgboost and dense_epoch_20_xgboost)")
    p.add_argument("--no-dense", action="store_true", help="skip the fastText + XGBoost candidate")
    p.add_argument("--save", action="store_true", help="append the results to main.leaderboard")
    p.set_defaults(func=cmd_leaderboard)

    p = sub.add_parser("embed", help="texts -> fastText sentence vectors table", formatter_class=_Formatter,
                       description=textwrap.dedent("""
        Read (id, text), normalise (NFKC+), tokenize (MeCab), train fastText on the
        corpus (or load --model), average token vectors and write
        (id, dim_0 .. dim_N, embedding_version) through a staging table swapped
        in at the end. Every row read becomes a vector or a reject with a reason.

        The first run pins its embedding version (fastText model, dictionary,
        normaliser) to the output, on every target (on Redshift the model is kept
        in S3, on BigQuery in the dataset); later runs embed with it, and only the
        texts that are new or changed since (md5 of the text, compared in the
        warehouse before the read), in one transaction:
        read = skipped unchanged + vectors + rejects. --retrain makes a new version
        (the old one's vectors kept as <output>__<version>); --full re-embeds every
        text with the pinned version.

        examples:
          dwhml embed
          dwhml embed --source "select id, body as text from app.reviews" --output raw.review_vectors \\
                      --rejects raw.review_vector_rejects
          dwhml embed --retrain --dictionary unidic-lite --epoch 10 --bucket 100000
          dwhml embed --model model_store/fasttext/fasttext-0123abcd.bin
          dwhml embed --supervised-labels raw.labels --output raw.text_vectors_supervised \\
                      --rejects raw.text_vector_supervised_rejects
          dwhml embed --target redshift          (UNLOAD -> S3 -> embed here -> COPY; docs/redshift.md)
          dwhml embed --target bigquery          (Storage Read -> embed here -> load job; docs/bigquery.md)
        """))
    _add_database(p, targets=("duckdb", "redshift", "bigquery"))
    p.add_argument("--source", default="raw.texts", help="relation or SELECT giving the texts")
    p.add_argument("--output", default="raw.text_vectors", help="vectors table to replace")
    p.add_argument("--rejects", default="raw.text_vector_rejects", help="rejects table to replace")
    p.add_argument("--tokens", default="raw.text_tokens",
                   help="table of (id, normalised, tokens) to replace: input of the sparse features")
    p.add_argument("--id-column", default="id")
    p.add_argument("--text-column", default="text")
    p.add_argument("--dictionary", choices=["ipadic", "unidic-lite"], default="ipadic")
    p.add_argument("--model", help="use this fastText .bin instead of training one")
    p.add_argument("--retrain", action="store_true",
                   help="train fastText again: a new embedding version, pinned from now on")
    p.add_argument("--full", action="store_true",
                   help="embed every text again with the pinned version, not only the new and changed ones")
    p.add_argument("--no-tokens", action="store_true", help="do not write the tokens table")
    p.add_argument("--supervised-labels", metavar="RELATION_OR_SELECT",
                   help="(id, label) rows: train a supervised (label-aware) fastText on those in the train split "
                        "(the dbt project's split: md5 bucket of id < --train-percent) and write its vectors; "
                        "no tokens table")
    p.add_argument("--train-percent", type=int, default=80, help="train split of --supervised-labels")
    p.add_argument("--model-type", choices=["skipgram", "cbow"], default="skipgram", help="unsupervised fastText")
    p.add_argument("--dim", type=int, help="vector size (default 100)")
    p.add_argument("--epoch", type=int, help="default 5; 10 with --supervised-labels")
    p.add_argument("--lr", type=float, help="default 0.05; 0.1 with --supervised-labels")
    p.add_argument("--min-count", type=int, help="default 2")
    p.add_argument("--minn", type=int, help="shortest character n-gram (default 3)")
    p.add_argument("--maxn", type=int, help="longest character n-gram (default 6)")
    p.add_argument("--bucket", type=int, help="character n-gram hash buckets (default 50,000)")
    p.add_argument("--threads", type=int, help="fastText threads (default: all cores; 1 with --supervised-labels)")
    p.add_argument("--store", default=f"{settings.model_store()}/fasttext", help="where trained models are cached")
    p.add_argument("--max-chars", type=int, default=100_000, help="longer texts are rejected as too_long")
    p.add_argument("--batch-rows", type=int, default=10_000)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_embed)

    p = sub.add_parser("embedding-version", help="print (or --write) an output's pinned embedding version as JSON",
                       formatter_class=_Formatter)
    _add_database(p)
    p.add_argument("--output", default="raw.text_vectors", help="vectors table whose pinned version to print")
    p.add_argument("--write", metavar="FILE", help="write it to FILE (the engine path's --version-file)")
    p.set_defaults(func=cmd_embedding_version)

    p = sub.add_parser("embed-engine", help="embed Parquet texts on Apache Spark with a pinned embedding version",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        The engine path (docs/embedding.md): the same normalise -> tokenize -> vectorise
        as `dwhml embed`, run as Spark tasks with the pinned fastText model shipped to
        each, over Parquet files of (id, text) (a warehouse's bulk export, say). Writes
        vectors/, rejects/, tokens/, fingerprints/ and a manifest into --output-dir, for
        `dwhml load-embedded` (or a warehouse's bulk load). Needs `pip install
        'dwhml[engine]'` and Java 17+. Here it runs on local[--workers]; on a cluster,
        spark-submit embeddings/engine_spark.py with the same options (--cluster implied).

        examples:
          dwhml embedding-version --write version.json
          dwhml embed-engine --input texts.parquet --output-dir embedded/ --version-file version.json --workers 2
          dwhml load-embedded embedded/
        """))
    p.add_argument("--input", action="append", required=True, help="Parquet file or directory of texts (repeatable)")
    p.add_argument("--output-dir", required=True, help="directory (or s3://, gs:// prefix) for the files")
    p.add_argument("--version-file", required=True, help="the pinned version, from `dwhml embedding-version --write`")
    p.add_argument("--model", help="the fastText file (default: the version's model_path); checked by SHA-256")
    p.add_argument("--workers", type=int, default=2, help="local Spark workers (local[N])")
    p.add_argument("--cluster", action="store_true", help="use the master spark-submit set, not local[N]")
    p.add_argument("--id-column", default="id")
    p.add_argument("--text-column", default="text")
    p.add_argument("--max-chars", type=int, default=100_000, help="longer texts are rejected as too_long")
    p.add_argument("--batch-rows", type=int, default=10_000, help="rows per Arrow batch handed to a task")
    p.set_defaults(func=cmd_embed_engine)

    p = sub.add_parser("load-embedded", help="load an embed-engine output directory in one transaction",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Replace the vectors, rejects and tokens tables (and the fingerprints) with the
        files of a finished `dwhml embed-engine` run, in one transaction, pinning its
        embedding version. The directory is local; --target redshift copies the files
        through $DWHML_REDSHIFT_S3_BUCKET and COPYs them, --target bigquery loads them
        with load jobs (the pinned model goes to S3 / the dataset, as `dwhml embed` does).
        """))
    _add_database(p, targets=("duckdb", "redshift", "bigquery"))
    p.add_argument("directory", help="the --output-dir of `dwhml embed-engine`")
    p.add_argument("--output", default="raw.text_vectors", help="vectors table to replace")
    p.add_argument("--rejects", default="raw.text_vector_rejects", help="rejects table to replace")
    p.add_argument("--tokens", default="raw.text_tokens", help="tokens table to replace")
    p.add_argument("--no-tokens", action="store_true", help="do not write the tokens table")
    p.set_defaults(func=cmd_load_embedded)

    p = sub.add_parser("wait-models", help="wait until warehouse training (Redshift ML) is ready; fit the rest",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Poll STV_ML_MODEL_INFO with backoff until every model version that dbt recorded as
        training (or each --model) is ready. A failed training exits with its state; at the
        timeout it exits saying how to resume (training goes on in SageMaker meanwhile).
        Then (without --model) fit on this machine the versions Redshift cannot train
        (model_type sparse_linear, bow_linear_svc): UNLOAD their training rows through DWHML_REDSHIFT_S3_BUCKET,
        fit with the DuckDB plugin's trainer, COPY the model's tables back in one transaction.
        Connects with the DWHML_REDSHIFT_* environment variables of profiles.yml.

        examples:
          dwhml wait-models --target redshift
          dwhml wait-models --target redshift --model dwhml.employment_classifier__v0123456789abcdef
          dwhml wait-models --target bigquery      # fits the linear models (BigQuery ML waits for none)
        """))
    p.add_argument("--target", choices=["duckdb", "redshift", "bigquery"], default="duckdb")
    p.add_argument("--model", action="append", help="schema.model to wait for (repeatable; default: all training)")
    p.add_argument("--timeout", type=float, default=5400, help="seconds to wait in all")
    p.set_defaults(func=cmd_wait_models)

    p = sub.add_parser("infer-topics", help="LDA topics of new texts on Redshift / BigQuery: extract, infer, write back",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        The topics of the texts an LDA topic model's current version has not assigned yet, on a
        warehouse (where no SQL can run the inference): read the version's model and vocabulary from
        the warehouse (the client fit wrote them), read the (id, feature, weight) rows of the texts
        --into has no topics of under that version (the anti-join runs in the warehouse), infer each
        text's distribution as the fit and the DuckDB plugin do, and write (id, topic, probability,
        model_version) back to --into in one transaction; rows of an older version are replaced. A text
        with no word of the vocabulary gets no rows and is tried again next run. On DuckDB use
        dwhml.topics in SQL instead.

        examples:
          dwhml infer-topics --target redshift --model analytics.comment_topics \\
              --rows analytics.new_comment_words --into analytics.comment_topic_assignments
          dwhml infer-topics --target bigquery --model analytics.comment_topics \\
              --rows analytics.new_comment_words --into analytics.comment_topic_assignments
        """))
    p.add_argument("--target", choices=["duckdb", "redshift", "bigquery"], default="duckdb")
    p.add_argument("--model", required=True, help="schema.model: the LDA ml_model (its info table)")
    p.add_argument("--rows", required=True, help="schema.table of (id, feature, weight) word rows, e.g. the w: rows of text_features")
    p.add_argument("--into", required=True, help="schema.table the topics are written to (created if missing)")
    p.set_defaults(func=cmd_infer_topics)

    p = sub.add_parser("build", help="dbt build, with the wait for asynchronous warehouse training in between",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        DuckDB: dbt build. Redshift and BigQuery: submit every ml_model's training (dbt run
        with var dwhml_submit_only), wait until Redshift ML has trained them and fit on this
        machine the versions the warehouse cannot train (dwhml wait-models), then dbt build,
        which gates and promotes the new versions and runs predictions, evaluation and
        tests. Arguments after -- go to every dbt call.

        examples:
          dwhml build
          dwhml build --target redshift --timeout 7200
          dwhml build --target bigquery -- --profiles-dir .
        """))
    p.add_argument("--target", choices=["duckdb", "redshift", "bigquery"], default="duckdb")
    p.add_argument("--timeout", type=float, default=5400, help="seconds to wait for training in all")
    p.add_argument("dbt_args", nargs=argparse.REMAINDER, help="arguments passed to dbt")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("metrics", help="print each model's test metrics beside its baseline",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Print the newest test-split metrics of every model from model_metrics
        (written by dbt build), models and baselines side by side.

        examples:
          dwhml metrics
          dwhml metrics --database /data/team.duckdb --schema analytics
        """))
    _add_database(p)
    p.add_argument("--schema", default="main", help="schema dbt builds into")
    p.set_defaults(func=cmd_metrics)

    p = sub.add_parser("trials", help="print the tuning trials of each tuned model, best first",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Print the trials of the newest tuned version of every model with meta.dwhml.tuning
        (dwhml_trials, appended by dbt build): parameters, objective, status, seconds, the
        chosen trial marked.

        examples:
          dwhml trials
          dwhml trials --model employment_sparse_tuned
        """))
    _add_database(p)
    p.add_argument("--schema", default="main", help="schema dbt builds into")
    p.add_argument("--model", help="one model's trials")
    p.set_defaults(func=cmd_trials)

    p = sub.add_parser("smoke", help="run the whole loop once on your Redshift or BigQuery account, then clean up",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        For a user with an account: load a slice of the bundled sample into scratch
        schemas (datasets) named dwhml_smoke_<run>*, embed it, build the example
        project's warehouse models (Redshift: submit, wait for Redshift ML, build),
        score through the scores view, check the grants (with DWHML_SMOKE_GRANTEE),
        print every step with pass/fail, and drop everything it created. Billed:
        four small trainings. Without the connection variables it prints what to set
        and runs nothing (exit 0). docs/redshift.md, docs/bigquery.md.

        examples:
          make smoke-redshift
          dwhml smoke --target bigquery --rows 2000
        """))
    p.add_argument("--target", choices=["redshift", "bigquery"], required=True)
    p.add_argument("--rows", type=int, default=2000, help="comments of the sample to load (at least 600)")
    p.set_defaults(func=cmd_smoke)

    p = sub.add_parser("topics", help="print each topic model's measures and topics",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Print every topic model's current version (written by dbt build): its measures
        (NPMI coherence and held-out perplexity for LDA, silhouette and mean squared
        distance for k-means) and each LDA topic's top words.

        examples:
          dwhml topics
        """))
    _add_database(p)
    p.add_argument("--schema", default="main", help="schema dbt builds into")
    p.set_defaults(func=cmd_topics)

    p = sub.add_parser("topic-counts", help="compare numbers of topics of a topic model on its own training rows",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Fit a topic model's training rows (those of its current version) with each number
        of topics given, its other hyperparameters unchanged, and print each fit's measures
        and fit time, best first: LDA by NPMI coherence (held-out perplexity beside it),
        k-means by silhouette (mean squared distance beside it). Writes nothing: set
        meta.dwhml.hyperparameters.num_topics (num_clusters) to the count you choose.

        examples:
          dwhml topic-counts --model comment_topics --counts 5,10,15,20
          dwhml topic-counts --model comment_clusters --counts 5,10,20
        """))
    _add_database(p)
    p.add_argument("--schema", default="main", help="schema dbt builds into")
    p.add_argument("--model", required=True, help="the topic model (an lda or kmeans ml_model)")
    p.add_argument("--counts", default="5,10,15,20", help="numbers of topics, separated by commas (each >= 2)")
    p.set_defaults(func=cmd_topic_counts)

    p = sub.add_parser("synthetic-events", help="write a SYNTHETIC browsing log over the sample's texts (CSV)",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Write a made-up event log (user_id, text_id, event_at, weight) over the bundled
        sample's texts, from a seeded generator: the sample has no users, and the
        per-user topic preferences need some. Each user leans towards one label. The
        example project ships this output as its seed seeds/synthetic_events.csv.
        Not observed behaviour: never read it as such.

        examples:
          dwhml synthetic-events --csv examples/economy_watchers/seeds/synthetic_events.csv
        """))
    p.add_argument("--csv", required=True, help="CSV file to write")
    p.add_argument("--users", type=int, default=300, help="number of made-up users")
    p.add_argument("--seed", type=int, default=0, help="the generator's seed")
    p.set_defaults(func=cmd_synthetic_events)

    p = sub.add_parser("report", help="write the model report (a static site) from the registry and metrics",
                       formatter_class=_Formatter, description=textwrap.dedent("""
        Write a static site (one directory, opens from file://, no network): a list of
        every model with its current version, headline test metric and trend, and a page
        per model with its metrics across versions, confusion matrix, ROC and
        precision-recall curves, the other models of the same target, the SQL to call
        it and its grants. Reads dwhml_model_registry, model_metrics,
        confusion_matrices and binary_curves (written by dbt build).

        examples:
          dwhml report
          dwhml report --out /srv/www/models
        """))
    _add_database(p)
    p.add_argument("--schema", default="main", help="schema dbt builds into")
    p.add_argument("--out", default="target/dwhml-report", help="directory to write the site into")
    p.set_defaults(func=cmd_report)
    return parser


def _is_lock_conflict(exc: BaseException) -> bool:
    import duckdb

    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def _interrupted(args) -> int:
    print(f"dwhml {args.command}: interrupted; target tables left as they were", file=sys.stderr)
    return 130


def main(argv: list[str] | None = None) -> int:
    from embeddings import interrupts

    parser = build_parser()
    args = parser.parse_args(argv)
    with interrupts.handled():
        try:
            return args.func(args)
        except KeyboardInterrupt:
            return _interrupted(args)
        except Exception as exc:
            if interrupts.stop_requested():  # DuckDB's "Query interrupted", or a failure it caused
                return _interrupted(args)
            if isinstance(exc, (ValueError, FileNotFoundError, LookupError, ModelTrainingFailed, ModelStillTraining)):
                print(f"dwhml {args.command}: error: {exc}", file=sys.stderr)
                return 1
            if _is_lock_conflict(exc):
                print(f"dwhml {args.command}: error: the database {getattr(args, 'database', '')} is in use by "
                      "another process (DuckDB allows one writer); close it there and run again", file=sys.stderr)
                return 3
            raise


if __name__ == "__main__":
    sys.exit(main())

"""The model report: a static site (one directory, no network) of every model, its versions,
test metrics, curves, the SQL to call it and its grants, read from the registry and the
evaluation tables the dbt project writes."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from .report_charts import confusion_table, curve_chart, history_chart, series_chart, sparkline
from .sample_sql import sample_sql

HEADLINE = {"binary_classification": "f1", "multiclass_classification": "macro_f1", "regression": "rmse",
            "lda": "coherence_npmi", "kmeans": "silhouette"}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2328; max-width: 70rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; text-align: left; font-size: 0.9rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f8fa; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
.status-not_promoted { color: #d1242f; } .charts { display: flex; gap: 1.5rem; flex-wrap: wrap; }
.note { color: #59636e; font-size: 0.9rem; }
"""


@dataclass
class ModelReport:
    name: str
    versions: list[dict]                       # registry rows, training order, one per version
    metrics: dict[str, dict[str, float]]        # version -> metric -> value (model_metrics)
    confusion: list[tuple[str, str, int]] = field(default_factory=list)
    curve: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)  # a topic model's: topic, texts, coherence, words
    tuning: dict = field(default_factory=dict)  # version -> its trials (dwhml.trials_table.tuned_versions' shape)

    @property
    def is_topic_model(self) -> bool:
        return self.current["problem_type"] == "topic_model"

    @property
    def current(self) -> dict:
        promoted = [v for v in self.versions if v["status"] == "promoted"]
        return promoted[-1] if promoted else self.versions[-1]

    @property
    def latest(self) -> dict:
        return self.versions[-1]

    @property
    def headline(self) -> str:
        """The quality gate's metric when the model has one, else the usual one of its problem type."""
        if self.is_topic_model:
            return HEADLINE[self.current["model_type"]]
        return self.current.get("gate_metric") or HEADLINE[self.current["problem_type"]]

    def value(self, version: dict, metric: str | None = None) -> float | None:
        """A test metric of a version (default: the headline): model_metrics, else the gate's measurement."""
        metric = metric or self.headline
        measured = self.metrics.get(version["model_version"], {}).get(metric)
        if measured is None and version.get("gate_metric") == metric:
            measured = version.get("gate_value")
        return measured


def _table_exists(conn, schema: str, name: str) -> bool:
    return bool(conn.execute("select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                             [schema, name]).fetchall()[0][0])


def _rows(conn, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def load_models(conn, schema: str = "main") -> list[ModelReport]:
    if not _table_exists(conn, schema, "dwhml_model_registry"):
        raise LookupError(f"no {schema}.dwhml_model_registry: run dbt build first")
    registry = _rows(conn, f"""
        select * from (
            select r.*, row_number() over (partition by model_name, model_version order by recorded_at desc) as newest
            from {schema}.dwhml_model_registry as r
        ) as r where newest = 1 order by model_name, recorded_at""")
    reports: dict[str, ModelReport] = {}
    for row in registry:
        reports.setdefault(row["model_name"], ModelReport(row["model_name"], [], {})).versions.append(row)
    if _table_exists(conn, schema, "model_metrics"):
        for r in _rows(conn, f"select model_name, model_version, metric, value from {schema}.model_metrics"):
            if r["model_name"] in reports:
                reports[r["model_name"]].metrics.setdefault(r["model_version"], {})[r["metric"]] = r["value"]
    from .trials_table import tuned_versions

    for name, report in reports.items():
        report.tuning = {v["version"]: v for v in tuned_versions(conn, schema, name, every_version=True)}
    has_confusion = _table_exists(conn, schema, "confusion_matrices")
    has_curves = _table_exists(conn, schema, "binary_curves")
    for report in reports.values():
        version = report.current["model_version"]
        if report.is_topic_model:
            report.topics = _topics(conn, schema, report)
            continue
        if has_confusion:
            report.confusion = [tuple(r.values()) for r in _rows(conn, f"""
                select actual_label, predicted_label, n from {schema}.confusion_matrices
                where model_name = ? and model_version = ? order by 1, 2""", (report.name, version))]
        if has_curves:
            report.curve = _rows(conn, f"""select threshold, tp, fp, fn, tn from {schema}.binary_curves
                where model_name = ? and model_version = ? order by threshold desc""", (report.name, version))
    return sorted(reports.values(), key=lambda r: (r.current["target"] or "", r.name))


def _topics(conn, schema: str, report: ModelReport) -> list[dict]:
    """The current version's topics: LDA's top words (with weights) and number of texts whose dominant topic it is;
    k-means' clusters with their training texts. Empty when the tables are not in this schema."""
    name = report.name
    if report.current["model_type"] == "lda":
        if not _table_exists(conn, schema, f"{name}__topic_words"):
            return []
        topics = {}
        for r in _rows(conn, f"""select w.topic, w.word, w.weight, w.topic_coherence from {schema}.{name}__topic_words
                as w where w.rank <= 10 order by w.topic, w.rank"""):
            t = topics.setdefault(r["topic"], {"topic": r["topic"], "coherence": r["topic_coherence"], "words": [],
                                               "texts": 0})
            t["words"].append((r["word"], r["weight"]))
        if _table_exists(conn, schema, f"{name}__dominant_topics"):
            for r in _rows(conn, f"select topic, count(*) as n from {schema}.{name}__dominant_topics group by topic"):
                if r["topic"] in topics:
                    topics[r["topic"]]["texts"] = r["n"]
        return list(topics.values())
    if not _table_exists(conn, schema, f"{name}__centroids"):
        return []
    return [{"topic": r["cluster"], "texts": r["texts"], "coherence": None, "words": []}
            for r in _rows(conn, f"select cluster, texts from {schema}.{name}__centroids order by cluster")]


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else escape(str(value))


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<style>{STYLE}</style></head><body>{body}</body></html>\n')


def _status(report: ModelReport) -> str:
    latest = report.latest
    if latest["status"] == "promoted":
        return "current"
    return f"newest version {latest['model_version']} not promoted"


def index_page(reports: list[ModelReport], leaderboard_runs: int = 0) -> str:
    rows = []
    for r in reports:
        cur = r.current
        trend = [r.value(v) for v in r.versions]
        rows.append(
            f'<tr class="model"><td><a href="models/{escape(r.name)}.html">{escape(r.name)}</a></td>'
            f'<td>{escape(cur["target_warehouse"])}</td><td>{escape(cur["problem_type"])}</td>'
            f'<td>{escape(cur["target"] or "–")}</td><td><code>{escape(cur["model_version"])}</code></td>'
            f'<td class="num">{r.headline} {_fmt(r.value(cur))}</td><td>{sparkline(trend)} {len(r.versions)} versions</td>'
            f'<td class="tuned">{_tuned(r)}</td>'
            f'<td>{_fmt(r.latest["trained_at"])}</td>'
            f'<td class="status-{escape(r.latest["status"])}">{escape(_status(r))}</td></tr>')
    body = ("<h1>dwhml models</h1><p class=\"note\">Test-split metrics of every model version, "
            "from the dbt project's registry (dwhml_model_registry) and evaluation tables.</p>"
            "<table><tr><th>model</th><th>warehouse</th><th>problem type</th><th>target column</th>"
            "<th>current version</th><th>headline metric</th><th>trend</th><th>tuned</th><th>last trained</th><th>status</th></tr>"
            + "".join(rows) + "</table>")
    if leaderboard_runs:
        body += f'<p><a href="leaderboard.html">Leaderboard runs</a> ({leaderboard_runs} saved)</p>'
    return _page("dwhml models", body)


def _tuned(report: ModelReport) -> str:
    """The index's word on tuning: the current version's trial count, or a dash."""
    tuned = report.tuning.get(report.current["model_version"])
    return f'{len(tuned["trials"])} trials' if tuned else "–"


def _trials_section(report: ModelReport) -> str:
    """The current version's trials: leaderboard (best first, the chosen one marked), objective by trial with the
    best-so-far line, and the chosen trial's learning curve."""
    from .trials_table import best_so_far

    tuned = report.tuning.get(report.current["model_version"])
    if not tuned:
        return ""
    objective, trials = tuned["objective"], tuned["trials"]
    names = sorted({k for t in trials for k in t["parameters"]})
    rows = "".join(
        f'<tr class="trial{" chosen" if t["chosen"] else ""}"><td>{"chosen" if t["chosen"] else ""}</td>'
        f'<td class="num">{t["trial"]}</td><td class="num">{_fmt(t["objective"])}</td><td>{escape(t["status"])}</td>'
        f'<td class="num">{_fmt(t["seconds"])}</td>'
        + "".join(f'<td class="num">{escape(_param(t["parameters"].get(n)))}</td>' for n in names) + "</tr>"
        for t in tuned["ranked"])
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    numbers = [t["trial"] for t in sorted(trials, key=lambda t: t["trial"])]
    by_trial = series_chart(
        [{"name": f"{objective} of the trial", "xs": numbers, "color": "#1f6feb", "points": True, "line": False,
          "ys": [t["objective"] for t in sorted(trials, key=lambda t: t["trial"])]},
         {"name": "best so far", "xs": numbers, "color": "#1a7f37",
          "ys": best_so_far(trials, tuned["lower_is_better"])}],
        f"{objective} by trial", "trial", objective)
    chosen = next((t for t in trials if t["chosen"]), None)
    curve = chosen.get("learning_curve") if chosen else None
    learning = (series_chart(
        [{"name": f"training {curve['metric']}", "xs": list(range(1, len(curve["train"]) + 1)), "ys": curve["train"],
          "color": "#9a6700"},
         {"name": f"validation {curve['metric']}", "xs": list(range(1, len(curve["validation"]) + 1)),
          "ys": curve["validation"], "color": "#1f6feb"}],
        "Learning curve of the chosen trial", "boosting round", curve["metric"]) if curve else
        '<p class="note">No learning curve: this model type fits without rounds to record.</p>')
    first = trials[0]
    scored = (f" Each trial was fitted on {first['fit_rows']:,} and scored on {first['validation_rows']:,} of the "
              "training rows (never the test rows)." if first.get("fit_rows") is not None else
              " BigQuery ML scored the trials on its own split of the training rows.")
    return (f'<h2>Tuning trials of the current version</h2><p class="note">{len(trials)} trials, objective '
            f'{escape(objective)} ({"lower" if tuned["lower_is_better"] else "higher"} is better), best first; the '
            f'chosen trial\'s parameters were refitted on all training rows.{escape(scored)}</p>'
            f'<table class="trials"><tr><th></th><th>trial</th><th>{escape(objective)}</th><th>status</th>'
            f'<th>seconds</th>{head}</tr>{rows}</table><div class="charts">{by_trial}{learning}</div>')


def _param(value) -> str:
    return "–" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)


def _versions_table(report: ModelReport) -> str:
    names = sorted({m for v in report.metrics.values() for m in v if m not in ("n", "tp", "fp", "fn", "tn")})
    head = "".join(f"<th>{escape(n)}</th>" for n in names)
    rows = []
    for v in report.versions:
        values = report.metrics.get(v["model_version"], {})
        cells = "".join(f'<td class="num">{_fmt(values.get(n))}</td>' for n in names)
        rows.append(f'<tr class="version"><td><code>{escape(v["model_version"])}</code></td><td>{_fmt(v["trained_at"])}</td>'
                    f'<td class="num">{v["training_rows"]:,}</td><td class="status-{escape(v["status"])}">{escape(v["status"])}</td>'
                    f'<td>{escape(v.get("gate_reason") or "")}</td>{cells}</tr>')
    return ("<table><tr><th>version</th><th>trained at</th><th>training rows</th><th>status</th>"
            f"<th>quality gate</th>{head}</tr>{''.join(rows)}</table>")


def _peers_table(report: ModelReport, reports: list[ModelReport]) -> str:
    cur = report.current
    peers = [r for r in reports if r.current["target"] == cur["target"] and r.current["problem_type"] == cur["problem_type"]]
    this, metric = ' class="this"', report.headline
    rows = "".join(
        f'<tr{this if r is report else ""}><td><a href="{escape(r.name)}.html">{escape(r.name)}</a></td>'
        f'<td>{escape(r.current["model_type"])}{" (baseline)" if r.current["model_type"] == "bow_linear_svc" else ""}</td>'
        f'<td class="num">{_fmt(r.value(r.current, metric))}</td></tr>'
        for r in sorted(peers, key=lambda r: -(r.value(r.current, metric) or 0)))
    return (f"<table><tr><th>model</th><th>model type</th><th>{report.headline}</th></tr>{rows}</table>")


def _curves(report: ModelReport) -> str:
    points = report.curve
    if not points:
        return '<p class="note">ROC and precision-recall curves are drawn for binary models.</p>'
    positives = points[0]["tp"] + points[0]["fn"] or 1
    negatives = points[0]["fp"] + points[0]["tn"] or 1
    fpr = [0.0] + [p["fp"] / negatives for p in points]
    tpr = [0.0] + [p["tp"] / positives for p in points]
    recall = [p["tp"] / positives for p in points]
    precision = [p["tp"] / (p["tp"] + p["fp"]) if p["tp"] + p["fp"] else 1.0 for p in points]
    return ('<div class="charts">' + curve_chart(fpr, tpr, "ROC curve", "false positive rate", "true positive rate", True)
            + curve_chart(recall, precision, "Precision-recall curve", "recall", "precision") + "</div>")


def _grants(version: dict) -> str:
    grants = json.loads(version.get("grants") or "{}")
    execute = grants.get("execute") or []
    tables = grants.get("tables") or {}
    lines = [f"EXECUTE on the model: {', '.join(execute) if execute else 'nobody configured'}"]
    lines += [f"{privilege} on the model's tables: {', '.join(who)}" for privilege, who in tables.items()]
    note = ("DuckDB is a single-user file: grants are recorded, not applied."
            if version["target_warehouse"] == "duckdb" else "")
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + f'</ul><p class="note">{escape(note)}</p>'


def _topics_table(report: ModelReport) -> str:
    if not report.topics:
        return '<p class="note">The topic tables of the current version are not in this schema.</p>'
    lda = report.current["model_type"] == "lda"
    rows = "".join(
        f'<tr class="topic"><td class="num">{t["topic"]}</td><td class="num">{t["texts"]:,}</td>'
        + (f'<td class="num">{_fmt(t["coherence"])}</td><td>'
           + ", ".join(f"{escape(w)} <span class=\"note\">{p:.3f}</span>" for w, p in t["words"]) + "</td>"
           if lda else "") + "</tr>"
        for t in report.topics)
    head = ("<th>topic</th><th>texts (dominant topic)</th><th>coherence (NPMI, top 10)</th><th>top words (weight)</th>"
            if lda else "<th>cluster</th><th>training texts</th>")
    return f"<table><tr>{head}</tr>{rows}</table>"


def model_page(report: ModelReport, reports: list[ModelReport]) -> str:
    if report.is_topic_model:
        return _topic_model_page(report)
    cur = report.current
    points = [{"label": v["model_version"], "value": report.value(v), "promoted": v["status"] == "promoted"}
              for v in report.versions]
    sql = _sample_sql_html(cur)
    body = (f'<p><a href="../index.html">All models</a></p><h1>{escape(report.name)}</h1>'
            f'<table><tr><th>current version</th><td><code>{escape(cur["model_version"])}</code></td></tr>'
            f'<tr><th>status</th><td class="status-{escape(report.latest["status"])}">{escape(_status(report))}</td></tr>'
            f'<tr><th>warehouse</th><td>{escape(cur["target_warehouse"])}</td></tr>'
            f'<tr><th>problem type</th><td>{escape(cur["problem_type"])} of <code>{escape(cur["target"])}</code></td></tr>'
            f'<tr><th>model type</th><td>{escape(cur["model_type"])}</td></tr>'
            f'<tr><th>hyperparameters</th><td><code>{escape(cur["hyperparameters"])}</code></td></tr>'
            f'<tr><th>trained</th><td>{_fmt(cur["trained_at"])} on {cur["training_rows"]:,} rows</td></tr></table>'
            f"<h2>Test metrics across versions</h2>{history_chart(points, report.headline)}"
            '<p class="note">Filled: promoted versions; hollow red: recorded but not promoted by the quality gate.</p>'
            f"{_versions_table(report)}"
            f"{_trials_section(report)}"
            f"<h2>Beside the other models of <code>{escape(cur['target'])}</code></h2>{_peers_table(report, reports)}"
            f"<h2>Confusion matrix (current version, test split)</h2>{confusion_table(report.confusion)}"
            f"<h2>Curves (current version, test split)</h2>{_curves(report)}"
            f"<h2>Call it from SQL</h2>{sql}<h2>Who is granted</h2>{_grants(cur)}")
    return _page(f"{report.name} – dwhml", body)


def _sample_sql_html(version: dict) -> str:
    return "".join(f"<h3>{escape(target)}</h3><p class=\"note\">{escape(note)}</p><pre>{escape(text)}</pre>"
                   for target, note, text in sample_sql(version))


def _topic_model_page(report: ModelReport) -> str:
    cur = report.current
    points = [{"label": v["model_version"], "value": report.value(v), "promoted": True} for v in report.versions]
    sql = _sample_sql_html(cur)
    what = ("LDA over words with counts: each text a mixture of topics" if cur["model_type"] == "lda"
            else "k-means over vectors: each text in its nearest cluster")
    body = (f'<p><a href="../index.html">All models</a></p><h1>{escape(report.name)}</h1>'
            f'<table><tr><th>current version</th><td><code>{escape(cur["model_version"])}</code></td></tr>'
            f'<tr><th>warehouse</th><td>{escape(cur["target_warehouse"])}</td></tr>'
            f'<tr><th>problem type</th><td>topic model ({escape(what)})</td></tr>'
            f'<tr><th>model type</th><td>{escape(cur["model_type"])}</td></tr>'
            f'<tr><th>hyperparameters</th><td><code>{escape(cur["hyperparameters"])}</code></td></tr>'
            f'<tr><th>trained</th><td>{_fmt(cur["trained_at"])} on {cur["training_rows"]:,} texts</td></tr></table>'
            f"<h2>Topics of the current version</h2>{_topics_table(report)}"
            f"<h2>{escape(report.headline)} across versions</h2>{history_chart(points, report.headline)}"
            '<p class="note">Topic models are not gated: every version serves once trained; its measures '
            "(docs/topics.md) are recorded per version.</p>"
            f"{_versions_table(report)}<h2>Use it from SQL</h2>{sql}")
    return _page(f"{report.name} – dwhml", body)


def load_leaderboard_runs(conn, schema: str = "main") -> list[dict]:
    """The runs `dwhml leaderboard --save` appended to <schema>.leaderboard, newest first, each with its
    candidates best first (none when nothing was saved)."""
    if not _table_exists(conn, schema, "leaderboard"):
        return []
    runs: dict = {}
    for row in _rows(conn, f'select * from "{schema}"."leaderboard" order by run_at desc, mean desc, candidate'):
        key = (row["run_at"], row["source"], row["task"])
        runs.setdefault(key, {"run_at": row["run_at"], "source": row["source"], "task": row["task"],
                              "texts": row["texts"], "metric": row["metric"], "candidates": []})["candidates"].append(row)
    return list(runs.values())


def leaderboard_page(runs: list[dict]) -> str:
    from .leaderboard import BASELINES

    sections = []
    for run in runs:
        rows = "".join(
            f'<tr class="candidate"><td>{escape(c["candidate"])}{" (baseline)" if c["candidate"] in BASELINES else ""}</td>'
            f'<td class="num">{_fmt(c["mean"])}</td><td class="num">{_fmt(c["std"])}</td>'
            f'<td class="num">{_fmt(c["roc_auc"])}</td><td class="num">{_fmt(c["fit_seconds"])}</td>'
            f'<td class="num">{_fmt(c["predict_seconds"])}</td><td>{_fmt(c["chosen"] or "")}</td></tr>'
            for c in run["candidates"])
        sections.append(
            f'<section class="run"><h2>{escape(run["task"])}, {run["texts"]:,} texts, {_fmt(run["run_at"])}</h2>'
            f'<p class="note">source: <code>{escape(run["source"])}</code></p>'
            f'<table><tr><th>candidate</th><th>{escape(run["metric"])}</th><th>± std</th><th>roc_auc</th>'
            f'<th>fit s</th><th>predict s</th><th>chosen per fold</th></tr>{rows}</table></section>')
    body = ('<p><a href="index.html">all models</a></p><h1>Leaderboard runs</h1><p class="note">Cross-validated '
            "candidate pipelines (`dwhml leaderboard --save`, docs/leaderboard.md), newest first; the selected row "
            "picks a candidate per fold on an inner split.</p>" + "".join(sections))
    return _page("Leaderboard runs – dwhml", body)


def write_report(conn, out_dir: Path, schema: str = "main") -> Path:
    """Write index.html, models/<name>.html and (when runs were saved) leaderboard.html; return the index path."""
    reports = load_models(conn, schema)
    (out_dir / "models").mkdir(parents=True, exist_ok=True)
    for report in reports:
        (out_dir / "models" / f"{report.name}.html").write_text(model_page(report, reports), encoding="utf-8")
    runs = load_leaderboard_runs(conn, schema)
    if runs:
        (out_dir / "leaderboard.html").write_text(leaderboard_page(runs), encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(index_page(reports, len(runs)), encoding="utf-8")
    return index

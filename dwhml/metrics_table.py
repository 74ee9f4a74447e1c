"""The metrics table printed at the end of the main job: each model beside its baseline."""
from __future__ import annotations

COLUMNS = ("f1", "macro_f1", "accuracy", "precision", "recall", "roc_auc", "log_loss")


def latest_metrics(conn, schema: str = "main") -> list[dict]:
    """Test metrics of the newest evaluated version of every classifier or regressor, one dict per model (topic
    models' measures: topics_table)."""
    rows = conn.execute(f"""
        with latest as (
            select model_name, arg_max(model_version, evaluated_at) as model_version
            from {schema}.model_metrics where problem_type <> 'topic_model' group by model_name
        )
        select m.target, m.model_name, m.model_version, m.metric, m.value
        from {schema}.model_metrics as m
        inner join latest as l on m.model_name = l.model_name and m.model_version = l.model_version
        order by m.target, m.model_name
    """).fetchall()
    models: dict[str, dict] = {}
    for target, name, version, metric, value in rows:
        entry = models.setdefault(name, {"target": target, "model": name, "version": version})
        entry[metric] = value
    return list(models.values())


def format_metrics(models: list[dict]) -> str:
    shown = [c for c in COLUMNS if any(c in m for m in models)]
    header = ["target", "model", "version", *shown]
    body = [[m["target"], m["model"], m["version"], *(f"{m[c]:.3f}" if m.get(c) is not None else "-" for c in shown)]
            for m in models]
    widths = [max(len(str(r[i])) for r in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(str(v).ljust(w) for v, w in zip(row, widths)) for row in [header, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)

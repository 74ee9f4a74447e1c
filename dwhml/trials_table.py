"""The trials of each tuned model's newest tuned version (dwhml_trials, meta.dwhml.tuning), printed by
`dwhml trials` and shown in the report: best first, the chosen one marked."""
from __future__ import annotations

import json

from tabulate import tabulate

from python_udfs.tuning import LOWER_IS_BETTER


def tuned_versions(conn, schema: str = "main", model: str | None = None, every_version: bool = False) -> list[dict]:
    """Per tuned model, its newest version with trials (every such version with `every_version`): {model, version,
    objective, lower_is_better, trials (trial order), ranked (best first)}. Empty when nothing was tuned (or
    dwhml_trials does not exist yet)."""
    exists = conn.execute("select count(*) from information_schema.tables where table_schema = ? and "
                          "table_name = 'dwhml_trials'", [schema]).fetchone()[0]
    if not exists:
        return []
    where = "where model_name = ?" if model else ""
    newest = conn.execute(
        f"select distinct model_name, model_version from {schema}.dwhml_trials {where} order by 1, 2" if every_version
        else f"""select model_name, arg_max(model_version, recorded_at) from {schema}.dwhml_trials {where}
                 group by model_name order by model_name""", [model] if model else []).fetchall()
    versions = []
    for name, version in newest:
        rows = conn.execute(f"""
            select trial_number, parameters, objective_metric, objective_value, metrics, duration_seconds, status,
                   chosen, learning_curve, fit_rows, validation_rows
            from {schema}.dwhml_trials where model_name = ? and model_version = ? order by trial_number""",
                            [name, version]).fetchall()
        objective = rows[0][2]
        trials = [{"trial": r[0], "parameters": json.loads(r[1]), "objective": r[3], "metrics": json.loads(r[4] or "{}"),
                   "seconds": r[5], "status": r[6], "chosen": bool(r[7]),
                   "learning_curve": json.loads(r[8]) if r[8] else None, "fit_rows": r[9], "validation_rows": r[10]}
                  for r in rows]
        versions.append({"model": name, "version": version, "objective": objective,
                         "lower_is_better": objective in LOWER_IS_BETTER, "trials": trials,
                         "ranked": ranked(trials, objective in LOWER_IS_BETTER)})
    return versions


def ranked(trials: list[dict], lower_is_better: bool) -> list[dict]:
    """Best objective first; trials without one (failed, pruned) last, in trial order."""
    scored = [t for t in trials if t["objective"] is not None]
    scored.sort(key=lambda t: t["objective"], reverse=not lower_is_better)
    return scored + [t for t in trials if t["objective"] is None]


def best_so_far(trials: list[dict], lower_is_better: bool) -> list[float | None]:
    """The best objective after each trial, in trial order (None until one completes)."""
    best, line = None, []
    for trial in sorted(trials, key=lambda t: t["trial"]):
        value = trial["objective"]
        if value is not None and (best is None or (value < best if lower_is_better else value > best)):
            best = value
        line.append(best)
    return line


def _value(value) -> str:
    return "-" if value is None else (f"{value:.4g}" if isinstance(value, float) else str(value))


def format_trials(versions: list[dict]) -> str:
    parts = []
    for v in versions:
        names = sorted({k for t in v["trials"] for k in t["parameters"]})
        rows = [["*" if t["chosen"] else "", t["trial"], _value(t["objective"]), t["status"],
                 _value(t["seconds"]), *(_value(t["parameters"].get(n)) for n in names)] for t in v["ranked"]]
        first = v["trials"][0]
        scored_on = (f"; fitted on {first['fit_rows']:,} and scored on {first['validation_rows']:,} training rows"
                     if first.get("fit_rows") is not None else "")
        parts.append(f"{v['model']} (version {v['version']}): {len(v['trials'])} trials, objective {v['objective']} "
                     f"({'lower' if v['lower_is_better'] else 'higher'} is better){scored_on}; * chosen\n"
                     + tabulate(rows, headers=["", "trial", v["objective"], "status", "seconds", *names],
                                disable_numparse=True))
    return "\n\n".join(parts)

"""The topic models' summary printed at the end of the main job: each current version's measures and topics."""
from __future__ import annotations

from tabulate import tabulate

MEASURES = ("coherence_npmi", "perplexity_held_out", "silhouette", "mean_squared_distance")


def topic_models(conn, schema: str = "main") -> list[dict]:
    """Every topic model's current version (newest promoted), its measures and, for LDA, its topics' top words."""
    registry = conn.execute(f"""
        select model_name, model_type, model_version from (
            select r.*, row_number() over (partition by model_name order by recorded_at desc) as newest
            from {schema}.dwhml_model_registry as r
            where r.problem_type = 'topic_model' and r.status = 'promoted'
        ) as r where newest = 1 order by model_name""").fetchall()
    models = []
    for name, model_type, version in registry:
        measures = dict(conn.execute(f"""select metric, value from {schema}.model_metrics
            where model_name = ? and model_version = ?""", [name, version]).fetchall())
        topics = []
        if model_type == "lda":
            topics = conn.execute(f"""
                select w.topic, any_value(w.topic_coherence), string_agg(w.word, ' ' order by w.rank)
                from {schema}.{name}__topic_words as w
                where w.rank <= 8 and w.model_version = ?
                group by w.topic order by w.topic""", [version]).fetchall()
        models.append({"model": name, "model_type": model_type, "version": version, "measures": measures,
                       "topics": topics})
    return models


def format_topics(models: list[dict]) -> str:
    lines = []
    for m in models:
        shown = ", ".join(f"{k} {m['measures'][k]:.4f}" for k in MEASURES if k in m["measures"])
        lines.append(f"{m['model']} ({m['model_type']}, version {m['version']}): {shown}")
        if m["topics"]:
            lines.append(tabulate([(t, f"{c:.3f}", words) for t, c, words in m["topics"]],
                                  headers=["topic", "coherence", "top words"], tablefmt="simple"))
    return "\n".join(lines)

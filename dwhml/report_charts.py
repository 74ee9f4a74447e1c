"""Inline SVG charts for the model report: no script, no CDN, readable from file://."""
from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 420, 260, 44


def _scale(values, low, high, size, invert=False):
    span = (high - low) or 1.0
    out = [(v - low) / span * size for v in values]
    return [size - v for v in out] if invert else out


def _frame(title: str, x_label: str, y_label: str, body: str, ticks: str = "") -> str:
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
            f'<title>{escape(title)}</title>'
            f'<rect x="{PAD}" y="10" width="{WIDTH - PAD - 10}" height="{HEIGHT - PAD - 10}" fill="#fafafa" stroke="#999"/>'
            f'{ticks}{body}'
            f'<text x="{(WIDTH + PAD) / 2}" y="{HEIGHT - 6}" text-anchor="middle" font-size="12">{escape(x_label)}</text>'
            f'<text x="12" y="{HEIGHT / 2}" text-anchor="middle" font-size="12" '
            f'transform="rotate(-90 12 {HEIGHT / 2})">{escape(y_label)}</text></svg>')


def _y_ticks(low: float, high: float) -> str:
    plot_h = HEIGHT - PAD - 10
    out = []
    for i in range(5):
        value = low + (high - low) * i / 4
        y = 10 + plot_h - plot_h * i / 4
        out.append(f'<line x1="{PAD - 4}" y1="{y:.1f}" x2="{PAD}" y2="{y:.1f}" stroke="#999"/>'
                   f'<text x="{PAD - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{value:.2f}</text>')
    return "".join(out)


def history_chart(points: list[dict], metric: str) -> str:
    """One point per version in training order: {'label', 'value', 'promoted'}; promoted filled, others hollow."""
    shown = [p for p in points if p["value"] is not None]
    if not shown:
        return '<p class="empty">No test metric recorded yet.</p>'
    values = [p["value"] for p in shown]
    low, high = min(values + [0.0]), max(values + [1.0])
    plot_w, plot_h = WIDTH - PAD - 60, HEIGHT - PAD - 10
    step = plot_w / max(len(shown) - 1, 1)
    xs = [PAD + 10 + i * step for i in range(len(shown))] if len(shown) > 1 else [PAD + plot_w / 2]
    ys = [10 + y for y in _scale(values, low, high, plot_h, invert=True)]
    promoted = [(x, y) for x, y, p in zip(xs, ys, shown) if p["promoted"]]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in promoted)
    body = [f'<polyline class="series" points="{line}" fill="none" stroke="#1f6feb" stroke-width="2"/>'] if line else []
    for x, y, p in zip(xs, ys, shown):
        fill = "#1f6feb" if p["promoted"] else "#fff"
        stroke = "#1f6feb" if p["promoted"] else "#d1242f"
        body.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{fill}" stroke="{stroke}" stroke-width="2">'
                    f'<title>{escape(p["label"])}: {metric} {p["value"]:.4f}'
                    f'{"" if p["promoted"] else " (not promoted)"}</title></circle>'
                    f'<text x="{x:.1f}" y="{HEIGHT - PAD + 14}" text-anchor="middle" font-size="9">'
                    f'{escape(p["label"][:8])}</text>')
    return _frame(f"{metric} by version", "version (training order)", metric, "".join(body), _y_ticks(low, high))


def curve_chart(xs: list[float], ys: list[float], title: str, x_label: str, y_label: str,
                diagonal: bool = False) -> str:
    """A curve in the unit square (ROC, precision-recall)."""
    if not xs:
        return f'<p class="empty">No points for {escape(title)}.</p>'
    plot_w, plot_h = WIDTH - PAD - 10, HEIGHT - PAD - 10
    px = [PAD + x * plot_w for x in xs]
    py = [10 + plot_h - y * plot_h for y in ys]
    body = []
    if diagonal:
        body.append(f'<line x1="{PAD}" y1="{10 + plot_h}" x2="{PAD + plot_w}" y2="10" stroke="#bbb" stroke-dasharray="4"/>')
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(px, py))
    body.append(f'<polyline class="series" points="{points}" fill="none" stroke="#1f6feb" stroke-width="2"/>')
    return _frame(title, x_label, y_label, "".join(body), _y_ticks(0.0, 1.0))


def series_chart(series: list[dict], title: str, x_label: str, y_label: str) -> str:
    """Lines and points over shared axes, scaled to the data: each series {'name', 'xs', 'ys' (None: no value),
    'color', 'points' (draw a dot per value, with its title), 'line' (join the values)}; a legend names them."""
    values = [y for s in series for y in s["ys"] if y is not None]
    xs_all = [x for s in series for x, y in zip(s["xs"], s["ys"]) if y is not None]
    if not values:
        return f'<p class="empty">No values for {escape(title)}.</p>'
    low, high = min(values), max(values)
    if high - low < 1e-12:
        low, high = low - 0.5, high + 0.5
    x_low, x_high = min(xs_all), max(xs_all)
    plot_w, plot_h = WIDTH - PAD - 20, HEIGHT - PAD - 10
    body = []
    for i, s in enumerate(series):
        kept = [(x, y) for x, y in zip(s["xs"], s["ys"]) if y is not None]
        px = [PAD + 5 + v for v in _scale([x for x, _ in kept], x_low, x_high, plot_w - 5)]
        py = [10 + v for v in _scale([y for _, y in kept], low, high, plot_h, invert=True)]
        if s.get("line", True) and len(kept) > 1:
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(px, py))
            body.append(f'<polyline class="series" data-series="{escape(s["name"])}" points="{line}" fill="none" '
                        f'stroke="{s["color"]}" stroke-width="2"/>')
        if s.get("points"):
            for (x, y), cx, cy in zip(kept, px, py):
                body.append(f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{s["color"]}">'
                            f'<title>{escape(s["name"])} {x:g}: {y:.4f}</title></circle>')
        body.append(f'<text x="{PAD + 8}" y="{24 + 13 * i}" font-size="11" fill="{s["color"]}">{escape(s["name"])}</text>')
    ticks = _y_ticks(low, high) + (f'<text x="{PAD + 5}" y="{HEIGHT - PAD + 14}" font-size="10">{x_low:g}</text>'
                                   f'<text x="{WIDTH - 10}" y="{HEIGHT - PAD + 14}" text-anchor="end" font-size="10">'
                                   f'{x_high:g}</text>')
    return _frame(title, x_label, y_label, "".join(body), ticks)


def sparkline(values: list[float]) -> str:
    values = [v for v in values if v is not None]
    if len(values) < 2:
        return '<svg class="sparkline" width="80" height="20" xmlns="http://www.w3.org/2000/svg"></svg>'
    low, high = min(values), max(values)
    xs = [2 + i * 76 / (len(values) - 1) for i in range(len(values))]
    ys = [2 + y for y in _scale(values, low, high, 16, invert=True)]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    return (f'<svg class="sparkline" width="80" height="20" viewBox="0 0 80 20" xmlns="http://www.w3.org/2000/svg">'
            f'<polyline points="{points}" fill="none" stroke="#1f6feb" stroke-width="1.5"/></svg>')


def confusion_table(cells: list[tuple[str, str, int]]) -> str:
    """HTML table (rows: actual, columns: predicted), cells shaded by share of the row."""
    if not cells:
        return '<p class="empty">No confusion matrix recorded for this version.</p>'
    labels = sorted({a for a, _, _ in cells} | {p for _, p, _ in cells})
    counts = {(a, p): n for a, p, n in cells}
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    rows = []
    for actual in labels:
        total = sum(counts.get((actual, p), 0) for p in labels) or 1
        tds = []
        for predicted in labels:
            n = counts.get((actual, predicted), 0)
            shade = int(255 - 155 * n / total)
            tds.append(f'<td style="background: rgb({shade},{shade},255)">{n:,}</td>')
        rows.append(f"<tr><th>{escape(actual)}</th>{''.join(tds)}</tr>")
    return (f'<table class="confusion"><tr><th>actual \\ predicted</th>{head}</tr>{"".join(rows)}</table>')

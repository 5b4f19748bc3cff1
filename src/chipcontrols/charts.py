"""Charts for impact analysis and the design envelope, saved as PNG or as a self-contained HTML page.

Matplotlib draws everything (headless ``Agg`` backend). ``.html`` output embeds the figure as inline SVG
with a short caption, so the page needs no scripts and no network.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from chipcontrols.batch.writer import atomic_path  # noqa: E402
from chipcontrols.errors import InputError  # noqa: E402

__all__ = ["chart_format", "impact_chart", "save_figure"]


def chart_format(path: str | Path) -> str:
    """``png`` or ``html`` from the extension; InputError otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in {".png", ".html", ".htm"}:
        raise InputError(f"Cannot draw {str(path)!r}: a chart file must end in .png or .html.")
    return "png" if suffix == ".png" else "html"


def save_figure(figure: Figure, path: str | Path, *, title: str, caption: str = "") -> None:
    """Write ``figure`` to ``path`` (PNG or HTML with inline SVG), atomically, and close it."""
    kind = chart_format(path)

    def write(temporary: Path) -> None:
        if kind == "png":
            figure.savefig(temporary, format="png", dpi=120, bbox_inches="tight")
            return
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight")
        svg = buffer.getvalue()
        svg = svg[svg.index("<svg"):]
        page = (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title>"
            "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}figcaption{color:#444}</style>"
            f"</head><body><h1>{html.escape(title)}</h1><figure>{svg}"
            f"<figcaption>{html.escape(caption)}</figcaption></figure></body></html>\n"
        )
        temporary.write_text(page, encoding="utf-8")

    try:
        atomic_path(path, write)
    finally:
        plt.close(figure)


def impact_chart(report: dict[str, Any], path: str | Path) -> None:
    """Blocked value over the timeline (steps at each rule change) and newly blocked/released by month."""
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(11, 8), constrained_layout=True)
    timeline: Sequence[dict[str, Any]] = report.get("timeline") or []
    if timeline:
        days = [dt.date.fromisoformat(point["date"]) for point in timeline]
        values = [point["blocked_value_usd"] / 1e6 for point in timeline]
        end = dt.date.fromisoformat(report["scenario"][:10])
        top.step([*days, max(end, days[-1])], [*values, values[-1]], where="post", color="#b2182b")
        for day, point in zip(days[1:], timeline[1:], strict=True):
            top.axvline(day, color="#999", linewidth=0.6, linestyle=":")
            label = ", ".join(point.get("instruments") or []) or day.isoformat()
            top.annotate(label, (day, max(values)), rotation=90, fontsize=7,
                         va="top", ha="right", color="#555")
        top.set_ylabel("blocked order value (US$ million)")
        top.set_title(f"Blocked value of the order book, {report['baseline']} → {report['scenario']}")
    else:
        top.text(0.5, 0.5, "no timeline (same date on both sides)", ha="center", va="center")
        top.set_axis_off()
    months = report.get("by_month") or []
    if months:
        labels = [row["month"] or "?" for row in months]
        blocked = [row["newly_blocked_value_usd"] / 1e6 for row in months]
        released = [-row["newly_released_value_usd"] / 1e6 for row in months]
        positions = range(len(labels))
        bottom.bar(positions, blocked, color="#b2182b", label="newly blocked")
        bottom.bar(positions, released, color="#2166ac", label="newly released")
        step = max(1, len(labels) // 24)
        bottom.set_xticks(list(positions)[::step], labels[::step], rotation=60, fontsize=7)
        bottom.axhline(0, color="black", linewidth=0.6)
        bottom.legend()
        bottom.set_ylabel("US$ million, by ship month")
    else:
        bottom.text(0.5, 0.5, "no order changes outcome", ha="center", va="center")
        bottom.set_axis_off()
    caption = (
        f"Newly blocked ${report['newly_blocked_value_usd']:,.0f} in {report['newly_blocked_orders']:,} orders; "
        f"newly released ${report['newly_released_value_usd']:,.0f} in {report['newly_released_orders']:,} orders."
    )
    save_figure(figure, path, title="Export-control impact on the order book", caption=caption)

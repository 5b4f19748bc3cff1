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
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from chipcontrols.batch.writer import atomic_path
from chipcontrols.errors import InputError

__all__ = ["chart_format", "control_regions", "design_chart", "impact_chart", "save_figure"]


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
        svg = svg[svg.index("<svg") :]
        page = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
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
            top.annotate(
                label, (day, max(values)), rotation=90, fontsize=7, va="top", ha="right", color="#555"
            )
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


_REGION_COLOURS = [
    "#f7f7f7",
    "#fddbc7",
    "#f4a582",
    "#d6604d",
    "#b2182b",
    "#92c5de",
    "#4393c3",
    "#2166ac",
    "#c2a5cf",
]


def control_regions(
    base: Any,
    as_of: dt.date,
    codified: bool,
    tpp_range: tuple[float, float],
    density_range: tuple[float, float],
    points: int = 90,
) -> tuple[list[float], list[float], list[list[int]], list[str]]:
    """ECCN of a chip like ``base`` at each (TPP, performance density) of a log-spaced grid.

    The regions come from classifying synthetic specs with the rule version in force on ``as_of``, so
    they are exactly what the engine decides (including datacenter-market and interconnect conditions
    taken from ``base``). Returns x values, y values, category index per cell, category labels.
    """
    import numpy as np

    from chipcontrols.classification import classify
    from chipcontrols.classification.engine import replace_spec
    from chipcontrols.rules import load_rules

    bits = load_rules().bit_lengths
    precision = "int8" if "int8" in bits else next(iter(bits))
    xs = np.geomspace(tpp_range[0], tpp_range[1], points)
    ys = np.geomspace(density_range[0], density_range[1], points)
    labels: list[str] = []
    grid: list[list[int]] = []
    for density in ys:
        row = []
        for tpp in xs:
            spec = replace_spec(
                base,
                name="region probe",
                id=None,
                processing_units=(),
                dense_peak={precision: float(tpp) / bits[precision]},
                die_area_mm2=float(tpp / density),
            )
            eccn = classify(spec, as_of, codified=codified).eccn or "not controlled"
            if eccn not in labels:
                labels.append(eccn)
            row.append(labels.index(eccn))
        grid.append(row)
    return list(map(float, xs)), list(map(float, ys)), grid, labels


def design_chart(result: Any, path: str | Path, *, catalog: Any = None, points: int = 64) -> None:
    """The TPP–performance-density plane: control regions, catalogue chips, the grid and the best designs."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from chipcontrols.catalog import load_catalog
    from chipcontrols.metrics import chip_metrics

    chips = []
    for chip in catalog if catalog is not None else load_catalog():
        if chip.spec.form == "hbm":
            continue
        metrics = chip_metrics(chip.spec)
        if metrics.tpp.value and metrics.performance_density.value:
            chips.append((chip.id.split("/", 1)[1], metrics.tpp.value, metrics.performance_density.value))
    designs = [(c.tpp, c.performance_density) for c in result.configurations if c.performance_density]
    all_x = [x for _, x, _ in chips] + [x for x, _ in designs] + [result.base.tpp or 1]
    all_y = [y for _, _, y in chips] + [y for _, y in designs] + [result.base.performance_density or 1]
    tpp_range = (max(10.0, min(all_x) / 2), max(all_x) * 2)
    density_range = (max(0.01, min(all_y) / 2), max(all_y) * 2)
    xs, ys, grid, labels = control_regions(
        result.base.spec, result.as_of, result.codified, tpp_range, density_range, points
    )
    figure, axes = plt.subplots(figsize=(11, 8), constrained_layout=True)
    colours = [
        _REGION_COLOURS[0]
        if label == "not controlled"
        else _REGION_COLOURS[1 + i % (len(_REGION_COLOURS) - 1)]
        for i, label in enumerate(labels)
    ]
    axes.pcolormesh(
        xs, ys, grid, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(labels) - 0.5, shading="nearest"
    )
    axes.set_xscale("log")
    axes.set_yscale("log")
    if designs:
        axes.scatter(
            [x for x, _ in designs],
            [y for _, y in designs],
            s=6,
            color="#777",
            alpha=0.5,
            label="grid evaluated",
        )
    for name, x, y in chips:
        axes.scatter([x], [y], s=14, color="black")
        axes.annotate(name, (x, y), fontsize=6, xytext=(3, 2), textcoords="offset points")
    markers = [("base design", result.base, "s", "#1b7837")]
    if result.best_no_license is not None:
        markers.append(("best without licence", result.best_no_license, "*", "#e08214"))
    if result.best_nac_aca is not None:
        markers.append(("best NAC/ACA-eligible", result.best_nac_aca, "P", "#542788"))
    for label, config, marker, colour in markers:
        if config.performance_density:
            axes.scatter(
                [config.tpp],
                [config.performance_density],
                s=140,
                marker=marker,
                color=colour,
                edgecolor="black",
                label=label,
                zorder=5,
            )
    axes.set_xlabel("total processing performance (TPP)")
    axes.set_ylabel("performance density (TPP / mm²)")
    rules = "codified" if result.codified else "enforced"
    axes.set_title(
        f"Control regions as of {result.as_of.isoformat()} ({rules} rules), destination {result.destination}"
    )
    handles = [Patch(facecolor=colours[i], edgecolor="#999", label=label) for i, label in enumerate(labels)]
    legend_points = axes.get_legend_handles_labels()[0]
    axes.legend(handles=handles + legend_points, loc="lower right", fontsize=8)
    caption = "Regions: the ECCN the engine assigns to a chip like the base design at each point; dots: catalogue chips."
    save_figure(figure, path, title="Design envelope", caption=caption)

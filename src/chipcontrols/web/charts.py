"""Inline SVG charts for the web pages: the TPP–performance-density plane and a series over time.

Drawn as SVG text (no plotting library at request time); every label is XML-escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

__all__ = ["Point", "Threshold", "density_chart", "series_chart"]

_W, _H = 640, 400
_LEFT, _RIGHT, _TOP, _BOTTOM = 70, 20, 20, 50


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    highlight: bool = False
    controlled: bool | None = None


@dataclass(frozen=True)
class Threshold:
    """A line on the chart: ``axis`` is "x" (a TPP value) or "y" (a performance-density value)."""

    axis: str
    value: float
    label: str


def _log_scale(low: float, high: float, size: float, start: float, invert: bool = False):  # type: ignore[no-untyped-def]
    lo, hi = math.log10(low), math.log10(high)

    def scale(value: float) -> float:
        value = min(max(value, low), high)
        fraction = (math.log10(value) - lo) / (hi - lo)
        return start + (size * (1 - fraction) if invert else size * fraction)

    return scale


def _ticks(low: float, high: float) -> list[float]:
    ticks = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10.0**exponent
            if low <= value <= high:
                ticks.append(value)
    return ticks


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:g}"


def density_chart(points: list[Point], thresholds: list[Threshold], title: str) -> str:
    """Scatter of TPP (x, log) against performance density (y, log), with threshold lines."""
    xs = [p.x for p in points if p.x > 0] + [t.value for t in thresholds if t.axis == "x" and t.value > 0]
    ys = [p.y for p in points if p.y > 0] + [t.value for t in thresholds if t.axis == "y" and t.value > 0]
    x_low, x_high = (min(xs) / 2, max(xs) * 2) if xs else (10.0, 100000.0)
    y_low, y_high = (min(ys) / 2, max(ys) * 2) if ys else (0.1, 100.0)
    sx = _log_scale(x_low, x_high, _W - _LEFT - _RIGHT, _LEFT)
    sy = _log_scale(y_low, y_high, _H - _TOP - _BOTTOM, _TOP, invert=True)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" role="img" class="chart" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<rect x="{_LEFT}" y="{_TOP}" width="{_W - _LEFT - _RIGHT}" height="{_H - _TOP - _BOTTOM}" class="plot"/>']
    for tick in _ticks(x_low, x_high):
        x = sx(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{_H - _BOTTOM}" class="grid"/>'
                     f'<text x="{x:.1f}" y="{_H - _BOTTOM + 16}" class="tick" text-anchor="middle">{_fmt(tick)}</text>')
    for tick in _ticks(y_low, y_high):
        y = sy(tick)
        parts.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W - _RIGHT}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{_fmt(tick)}</text>')
    for index, threshold in enumerate(sorted(thresholds, key=lambda t: (t.axis, t.value))):
        if threshold.axis == "x":
            x = sx(threshold.value)
            label_y = _TOP + 12 + 13 * (index % 3)
            parts.append(f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{_H - _BOTTOM}" class="threshold"/>'
                         f'<text x="{x + 3:.1f}" y="{label_y}" class="threshold-label">{escape(threshold.label)}</text>')
        else:
            y = sy(threshold.value)
            parts.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W - _RIGHT}" y2="{y:.1f}" class="threshold"/>'
                         f'<text x="{_W - _RIGHT - 3}" y="{y - 4:.1f}" class="threshold-label" text-anchor="end">'
                         f'{escape(threshold.label)}</text>')
    for point in sorted(points, key=lambda p: p.highlight):
        if point.x <= 0 or point.y <= 0:
            continue
        css = "point highlight" if point.highlight else ("point controlled" if point.controlled else "point")
        radius = 7 if point.highlight else 4
        parts.append(f'<circle cx="{sx(point.x):.1f}" cy="{sy(point.y):.1f}" r="{radius}" class="{css}">'
                     f'<title>{escape(point.label)}: TPP {point.x:,.0f}, PD {point.y:.2f}</title></circle>')
        if point.highlight:
            parts.append(f'<text x="{sx(point.x) + 10:.1f}" y="{sy(point.y) + 4:.1f}" class="point-label">'
                         f'{escape(point.label)}</text>')
    parts.append(f'<text x="{(_W + _LEFT) / 2:.0f}" y="{_H - 8}" class="axis" text-anchor="middle">'
                 'Total processing performance (TPP, log scale)</text>'
                 f'<text x="16" y="{(_H - _BOTTOM) / 2:.0f}" class="axis" text-anchor="middle" '
                 f'transform="rotate(-90 16 {(_H - _BOTTOM) / 2:.0f})">Performance density (TPP/mm², log)</text></svg>')
    return "".join(parts)


def series_chart(dates: list[str], values: list[int], total: int, title: str) -> str:
    """A step chart of a count over dates (evenly spaced), with the dates as labels."""
    n = max(len(dates), 1)
    top = max([total, *values, 1])
    width = _W - _LEFT - _RIGHT
    height = _H - _TOP - _BOTTOM

    def x(i: int) -> float:
        return _LEFT + (width * (i + 0.5) / n)

    def y(v: float) -> float:
        return _TOP + height * (1 - v / top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" role="img" class="chart" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<rect x="{_LEFT}" y="{_TOP}" width="{width}" height="{height}" class="plot"/>']
    for tick in range(0, top + 1, max(1, top // 5)):
        parts.append(f'<line x1="{_LEFT}" y1="{y(tick):.1f}" x2="{_W - _RIGHT}" y2="{y(tick):.1f}" class="grid"/>'
                     f'<text x="{_LEFT - 6}" y="{y(tick) + 4:.1f}" class="tick" text-anchor="end">{tick}</text>')
    bar = width / n * 0.6
    for i, (day, value) in enumerate(zip(dates, values, strict=True)):
        parts.append(f'<rect x="{x(i) - bar / 2:.1f}" y="{y(value):.1f}" width="{bar:.1f}" '
                     f'height="{y(0) - y(value):.1f}" class="bar"><title>{escape(day)}: {value} of {total}</title></rect>'
                     f'<text x="{x(i):.1f}" y="{_H - _BOTTOM + 16}" class="tick" text-anchor="middle">{escape(day)}</text>')
    parts.append(f'<text x="16" y="{(_H - _BOTTOM) / 2:.0f}" class="axis" text-anchor="middle" '
                 f'transform="rotate(-90 16 {(_H - _BOTTOM) / 2:.0f})">Catalogue chips controlled</text></svg>')
    return "".join(parts)

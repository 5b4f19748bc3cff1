"""Rich renderings of library results for a terminal (classification now; others add theirs)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chipcontrols.classification import Classification

__all__ = ["classification_panel", "history_table", "fmt_number"]


_SHORT = {
    "total_processing_performance": "TPP",
    "performance_density": "PD",
    "memory_bandwidth_density": "mem. BW density",
    "interconnect_bidirectional_gbps": "I/O GB/s",
    "memory_bandwidth_gbps": "mem. GB/s",
}


def fmt_number(value: object, digits: int = 2) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.1f}"
        return f"{value:,.{digits}f}"
    return str(value)


def _verdict(classification: Classification) -> Text:
    if classification.status == "controlled":
        return Text(f"{classification.eccn}", style="bold red")
    if classification.status == "undetermined":
        options = ", ".join(e or "not controlled" for e in classification.possible_eccns)
        return Text(f"undetermined (one of: {options})", style="bold yellow")
    return Text("not controlled (no advanced-computing ECCN)", style="bold green")


def classification_panel(classification: Classification) -> Panel:
    metrics = classification.metrics
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Item", f"{classification.item_name}" + (f" ({classification.item_id})" if classification.item_id else ""))
    head.add_row("As of", classification.as_of.isoformat() + (" (codified text)" if classification.codified else ""))
    head.add_row("ECCN", _verdict(classification))
    head.add_row("Market", metrics.spec.market + (" (designed/marketed for datacenters)"
                                                  if classification.designed_for_datacenter else ""))
    head.add_row("TPP", f"{fmt_number(metrics.tpp.value)}   [dim]{metrics.tpp.formula}[/dim]")
    head.add_row("Performance density", f"{fmt_number(metrics.performance_density.value, 3)}   "
                 f"[dim]{metrics.performance_density.formula}[/dim]")
    tests = Table(title="Tests evaluated", show_lines=False, expand=False)
    for column in ("paragraph", "test", "value", "threshold", "met", "margin"):
        tests.add_column(column, justify="right" if column in {"value", "threshold", "margin"} else "left")
    for test in classification.tests:
        met = {True: "[green]yes[/green]", False: "no", None: "[yellow]unknown[/yellow]"}[test.met]
        margin = "" if test.relative_margin is None else f"{test.relative_margin:+.1%}"
        if test.near_threshold:
            margin += " [yellow]near[/yellow]"
        tests.add_row(test.paragraph, f"{_SHORT.get(test.metric, test.metric)} {test.op}", fmt_number(test.value),
                      fmt_number(test.threshold), met, margin)
    parts: list[object] = [head]
    if classification.tests:
        parts.append(tests)
    parts.append(Text("Reasons", style="bold"))
    parts.extend(Text(f"• {reason}") for reason in classification.reasons)
    if classification.warnings:
        parts.append(Text("Warnings", style="bold yellow"))
        parts.extend(Text(f"! {warning}", style="yellow") for warning in classification.warnings)
    if classification.citations:
        parts.append(Text("Citations: " + "; ".join(classification.citations), style="dim"))
    parts.append(Text(f"Rule data {classification.rule_data_version}", style="dim"))
    return Panel(Group(*parts), title="Classification", expand=False)  # type: ignore[arg-type]


def history_table(history: list[Classification]) -> Table:
    table = Table(title=f"Classification history: {history[0].item_name}" if history else "History")
    table.add_column("from")
    table.add_column("rules")
    table.add_column("ECCN")
    table.add_column("why")
    previous = object()
    for item in history:
        version = item.rule_versions[0]["citation"] if item.rule_versions else "—"
        label = item.eccn or ("undetermined" if item.status == "undetermined" else "not controlled")
        changed = label != previous
        previous = label
        table.add_row(item.as_of.isoformat(), version, Text(label, style="bold" if changed else ""),
                      item.reasons[0] if item.reasons else "")
    return table


def print_panel(console: Console, classification: Classification) -> None:
    console.print(classification_panel(classification))

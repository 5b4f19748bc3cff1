"""`chipcontrols catalog list|show`: browse the bundled chip catalogue."""

from __future__ import annotations

import typer
from rich.table import Table

from chipcontrols.catalog import load_catalog
from chipcontrols.cli.output import console, print_json
from chipcontrols.metrics import chip_metrics

__all__ = ["register"]

catalog_app = typer.Typer(help="Browse the bundled chip catalogue.", no_args_is_help=True)


def _fmt(value: float | None, digits: int = 1, unknown: str = "unknown") -> str:
    return unknown if value is None else f"{value:,.{digits}f}"


@catalog_app.command("list")
def list_chips(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List every chip with its key metrics."""
    catalog = load_catalog()
    rows = []
    for chip in catalog:
        metrics = chip_metrics(chip.spec)
        rows.append(
            {
                "id": chip.id,
                "name": chip.name,
                "vendor": chip.vendor,
                "market": chip.spec.market,
                "form": chip.spec.form,
                "reliability": chip.reliability,
                "tpp": metrics.tpp.value,
                "performance_density": metrics.performance_density.value,
                "memory_bandwidth_gbps": chip.spec.memory_bandwidth_gbps,
                "interconnect_bidirectional_gbps": chip.spec.interconnect_bidirectional_gbps,
            }
        )
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"Chip catalogue ({len(rows)} items; ? = not published)", pad_edge=False)
    table.add_column("id", overflow="fold")
    if console.width >= 120:
        table.add_column("name")
    for column in ("market", "TPP", "PD", "mem GB/s", "link GB/s", "rel"):
        table.add_column(column, justify="left" if column in {"market", "rel"} else "right", no_wrap=True,
                         min_width=len(column) if column != "market" else 7)
    for row in rows:
        cells = [row["id"]]
        if console.width >= 120:
            cells.append(row["name"])
        cells += [
            row["market"], _fmt(row["tpp"], 0, "?"), _fmt(row["performance_density"], 2, "?"),
            _fmt(row["memory_bandwidth_gbps"], 0, "?"), _fmt(row["interconnect_bidirectional_gbps"], 0, "?"),
            row["reliability"],
        ]
        table.add_row(*cells)
    console.print(table)


@catalog_app.command("show")
def show_chip(
    chip: str = typer.Argument(..., help="Catalogue id or common name, e.g. nvidia/h20 or 'H100 SXM'."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one chip: every figure with its source, and the derived metrics."""
    entry = load_catalog().get(chip)
    metrics = chip_metrics(entry.spec)
    data = entry.to_dict()
    data["metrics"] = metrics.to_dict()
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]{entry.name}[/bold]  ({entry.id}, {entry.spec.market}, reliability {entry.reliability})")
    if entry.aliases:
        console.print("Also known as: " + ", ".join(entry.aliases))
    table = Table(title="Figures")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("sources")
    for key, figure in entry.figures.items():
        table.add_row(key, _fmt(figure.value, 2), ", ".join(figure.sources) + (f" ({figure.note})" if figure.note else ""))
    console.print(table)
    for key, reason in entry.unknown.items():
        console.print(f"Unknown: {key}: {reason}")
    console.print(f"TPP = {_fmt(metrics.tpp.value)}  ({metrics.tpp.formula})")
    console.print(f"Performance density = {_fmt(metrics.performance_density.value, 3)}  ({metrics.performance_density.formula})")
    console.print("Sources:")
    for key, source in data["sources"].items():
        console.print(f"  {key}: {source['title']} {source.get('url', '')}")
    if entry.notes:
        console.print(f"Notes: {entry.notes}")


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app, name="catalog")

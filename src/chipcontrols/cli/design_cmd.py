"""`chipcontrols design --spec BASE --vary KNOB=MIN:MAX[:STEP]`: the strongest design that ships without a licence."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from chipcontrols.catalog import ChipSpec, load_catalog, load_spec_file
from chipcontrols.cli.output import print_json
from chipcontrols.dates import parse_date
from chipcontrols.design import KNOBS, Configuration, DesignResult, explore, parse_knob

__all__ = ["register"]


def _base_spec(text: str) -> ChipSpec:
    path = Path(text)
    if path.suffix.lower() in {".yaml", ".yml", ".json"} or path.exists():
        return load_spec_file(path)
    return load_catalog().get(text).spec


def _settings(config: Configuration) -> str:
    return ", ".join(f"{name}={value:g}" for name, value in config.settings.items()) or "(base)"


def _print_config(console: Console, title: str, config: Configuration | None) -> None:
    if config is None:
        console.print(f"{title}: none of the configurations evaluated.")
        return
    density = f"{config.performance_density:.3f}" if config.performance_density is not None else "unknown"
    console.print(
        f"{title}: {_settings(config)} → TPP {config.tpp:,.1f}, performance density {density}, "
        f"ECCN {config.eccn or 'not 3A090/4A090'}, outcome {config.assessment.outcome}"
        + (f", exceptions {', '.join(config.assessment.exceptions)}" if config.assessment.exceptions else "")
    )
    table = Table(title="Margins to every threshold (value − threshold)")
    for column in ("paragraph", "metric", "test", "value", "margin"):
        table.add_column(column, justify="right" if column in {"value", "margin"} else "left")
    for margin in config.margins:
        value = margin["value"]
        table.add_row(
            margin["paragraph"],
            margin["metric"],
            f"{margin['op']} {margin['threshold']:g}",
            f"{value:,.3f}" if isinstance(value, (int, float)) else str(value),
            f"{margin['margin']:+,.3f}" if margin["margin"] is not None else "",
        )
    console.print(table)


def _print_result(result: DesignResult, console: Console) -> None:
    console.print(
        f"{len(result.configurations):,} configurations of {result.base.spec.name} for {result.destination} "
        f"as of {result.as_of.isoformat()} ({'codified' if result.codified else 'enforced'} rules)."
    )
    for warning in result.warnings:
        console.print(f"Warning: {warning}", markup=False)
    _print_config(console, "Best without a licence", result.best_no_license)
    _print_config(console, "Best eligible for NAC/ACA", result.best_nac_aca)


def design(
    spec: str = typer.Option(
        ..., "--spec", help="Base design: a spec file (.yaml/.json) or a catalogue chip."
    ),
    vary: list[str] = typer.Option(
        [], "--vary", help=f"KNOB=MIN:MAX[:STEP], repeatable; knobs: {', '.join(KNOBS)}."
    ),
    destination: str = typer.Option(..., "--destination", help="Destination country, ISO 3166-1 alpha-2."),
    as_of: str | None = typer.Option(None, "--as-of", help="Rules in force on this date (default today)."),
    codified: bool = typer.Option(False, "--codified", help="Use the rules as codified, not as enforced."),
    exporter: str | None = typer.Option(
        None,
        "--exporter",
        help="Exporter (company-specific letters bind their addressee); default: the spec's vendor.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    grid: bool = typer.Option(False, "--grid", help="With --json: include every configuration evaluated."),
    chart: str | None = typer.Option(None, "--chart", help="Draw the TPP–density plane: .png or .html."),
) -> None:
    """Vary a design's figures and find the highest-TPP configuration that needs no licence (or is NAC/ACA-eligible)."""
    base = _base_spec(spec)
    knobs = [parse_knob(text) for text in vary]
    if chart is not None:
        from chipcontrols.charts import chart_format

        chart_format(chart)
    result = explore(
        base,
        knobs,
        destination=destination,
        as_of=parse_date(as_of, field="--as-of"),
        codified=codified,
        exporter=exporter,
    )
    if chart is not None:
        from chipcontrols.charts import design_chart

        design_chart(result, chart)
    if as_json:
        print_json(result.to_dict(include_grid=grid))
    else:
        console = Console(highlight=False)
        _print_result(result, console)
        if chart:
            console.print(f"Chart written to {chart}.")


def register(app: typer.Typer) -> None:
    app.command("design")(design)

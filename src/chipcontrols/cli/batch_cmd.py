"""`chipcontrols batch ORDERS --out RESULTS`: determine a whole order book (local Polars or Apache Spark)."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from chipcontrols.batch.runner import BatchSummary, run_batch
from chipcontrols.cli.output import print_json
from chipcontrols.errors import InputError

__all__ = ["print_summary", "register"]


def print_summary(summary: BatchSummary, console: Console) -> None:
    """The closing lines of a run: counts by outcome, error rows with a few examples."""
    console.print(
        f"Determined {summary.rows:,} order lines ({summary.distinct_keys:,} distinct decisions) "
        f"in {summary.seconds:.1f} s with the {summary.engine} engine; results in {summary.output_path}."
    )
    for outcome, count in summary.outcomes.items():
        console.print(f"  {outcome}: {count:,}")
    if summary.error_rows:
        console.print(
            f"{summary.error_rows:,} row(s) could not be determined (outcome 'error', see column 'error'), e.g.:"
        )
        for sample in summary.errors_sample:
            console.print(f"  {sample.get('order_id', '?')}: {sample.get('error')}", markup=False)


def batch(
    orders: str = typer.Argument(..., help="Order book: a .csv or .parquet file."),
    out: str = typer.Option(
        ..., "--out", help="Results file: .csv, .parquet or .xlsx (chosen by extension)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Determine every row as of this date (YYYY-MM-DD) instead of its ship_date."
    ),
    engine: str = typer.Option("local", "--engine", help="local (Polars, default) or spark (pyspark)."),
    codified: bool = typer.Option(
        False, "--codified", help="Use the rules as codified in the CFR, not as enforced."
    ),
    exporter: str | None = typer.Option(
        None,
        "--exporter",
        help="Exporter of the rows that name none (is-informed letters bind their addressee).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the run summary as JSON."),
) -> None:
    """Determine every order line of ORDERS and write the results with their reasons and citations.

    ORDERS has the columns order_id, item, quantity, unit_value_usd, destination, end_user,
    end_user_country, end_user_headquarters, end_use, ship_date (and optionally exporter, export_from).
    A bad row becomes an error row with its message; the run goes on.
    """
    if engine not in {"local", "spark"}:
        raise InputError(f"--engine must be 'local' or 'spark' (got {engine!r}).")
    console = Console(stderr=True, highlight=False)
    show_bar = sys.stderr.isatty() and not as_json
    bar = Progress(
        TextColumn("Determining"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not show_bar,
    )
    with bar:
        task = bar.add_task("batch", total=1.0)
        summary = run_batch(
            orders,
            out,
            as_of=as_of,
            engine=engine,
            codified=codified,
            exporter=exporter,  # type: ignore[arg-type]
            progress=lambda fraction: bar.update(task, completed=fraction),
        )
    if as_json:
        print_json(summary.to_dict())
    else:
        print_summary(summary, Console(highlight=False))


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)

"""`chipcontrols screen` (one name or a CSV of parties) and `chipcontrols score-pairs` (name pairs CSV)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from chipcontrols.cli.output import console, print_json
from chipcontrols.errors import InputError
from chipcontrols.screening import get_screener
from chipcontrols.screening.batch import score_pairs_file, screen_file

__all__ = ["register"]


def screen_command(
    name: str | None = typer.Argument(None, help="Party name to screen, in any script."),
    country: str | None = typer.Option(None, "--country", "-c", help="ISO 3166-1 alpha-2 country of the party."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    show_all: bool = typer.Option(False, "--all", help="Also show candidates below the threshold."),
    threshold: float | None = typer.Option(None, "--threshold", "-t", help="Score threshold 0..1 (default: matcher's)."),
    limit: int = typer.Option(20, "--limit", help="Most hits to show per name."),
    file: Path | None = typer.Option(None, "--file", "-f", help="CSV of parties: name, optional country and id."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output CSV for --file (one row per hit)."),
    include_clear: bool = typer.Option(False, "--include-clear", help="With --file: a row for parties with no hit."),
) -> None:
    """Screen a party against the restricted-party lists (Entity List, SDN, DPL, UVL, MEU ...)."""
    if file is not None:
        if name is not None:
            raise InputError("Give either a NAME or --file, not both.")
        if out is None:
            raise InputError("--file needs --out FILE for the hits.")
        _screen_batch(file, out, threshold, limit, include_clear, as_json)
        return
    if name is None:
        raise InputError('Give a NAME to screen (e.g. chipcontrols screen "Huawei Technologies"), or --file.')
    result = get_screener().screen(name, country=country, threshold=threshold, include_all=show_all, limit=limit)
    if as_json:
        print_json(result.to_dict())
        return
    snapshot = result.snapshot
    console.print(
        f"Screened [bold]{result.query}[/bold]"
        + (f" ({result.country})" if result.country else "")
        + f" against list snapshot {snapshot['id']} (generated {snapshot['generated_at'][:10]}), "
        f"matcher {result.matcher}, threshold {result.threshold:.2f}."
    )
    if not result.hits:
        console.print("No hit at or above the threshold." if not show_all else "No candidate found.")
        return
    table = Table(title=f"{len(result.hits)} hit(s)")
    for column in ("score", "list", "name", "matched name", "countries", "policy", "FDP", "method"):
        table.add_column(
            column,
            justify="right" if column == "score" else "left",
            overflow="fold",
            no_wrap=column in {"score", "list"},
        )
    for hit in result.hits:
        table.add_row(
            f"{hit.score:.3f}" + ("" if hit.score >= result.threshold else " (below)"),
            hit.list_code,
            hit.name,
            "" if hit.matched_name == hit.name else hit.matched_name,
            ",".join(hit.countries),
            hit.license_policy_normalised if hit.list_code == "EL" else "",
            ",".join(f"FN{n}" for n in hit.fdp_footnotes),
            hit.explanation.get("name", {}).get("detail", {}).get("method", ""),
        )
    console.print(table)


def _screen_batch(
    file: Path, out: Path, threshold: float | None, limit: int, include_clear: bool, as_json: bool
) -> None:
    screener = get_screener()
    with Progress(
        TextColumn("Screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=True, disable=as_json,
    ) as progress:
        task = progress.add_task("screen", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        summary = screen_file(
            file, out, screener=screener, threshold=threshold, limit=limit, include_clear=include_clear,
            progress=advance,
        )
    if as_json:
        print_json(summary.to_dict())
        return
    console.print(
        f"{summary.parties} parties screened: {summary.parties_with_hits} with hits ({summary.hits} hits), "
        f"{summary.errors} with errors. Written to {summary.output}."
    )


def score_pairs_command(
    pairs: Path = typer.Argument(..., help="CSV with name1 and name2 columns (optional schema column)."),
    out: Path = typer.Option(..., "--out", "-o", help="Output CSV: the input columns plus score."),
) -> None:
    """Score name pairs with the screening matcher (for evaluation and threshold setting)."""
    count = score_pairs_file(pairs, out)
    console.print(f"{count} pairs scored. Written to {out}.")


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_command)
    app.command("score-pairs")(score_pairs_command)

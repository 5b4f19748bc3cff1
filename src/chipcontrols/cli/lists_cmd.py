"""`chipcontrols lists update|status`: import a screening-list file or URL, and show the active snapshot."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from chipcontrols.cli.output import console, print_json
from chipcontrols.screening.fetch import OFFICIAL_CSL_URLS
from chipcontrols.screening.matcher import DEFAULT_THRESHOLD, MATCHER_VERSION
from chipcontrols.screening.store import active_pointer, import_list, list_snapshots, load_active_snapshot, lists_dir

__all__ = ["register"]

lists_app = typer.Typer(help="Restricted-party list snapshots: import and status.", no_args_is_help=True)


@lists_app.command("update")
def update(
    source: str = typer.Option(
        OFFICIAL_CSL_URLS["csv"], "--from", help="List file (CSV, JSON, compact, FtM) or http(s) URL."
    ),
    generated_at: str | None = typer.Option(None, "--generated-at", help="Date the list was generated, if known."),
    allow_shrink: bool = typer.Option(False, "--allow-shrink", help="Accept a list less than half the current size."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Import a list and make it active. The whole file is validated first; on any problem nothing changes."""
    report = import_list(source, generated_at=generated_at, allow_shrink=allow_shrink)
    if as_json:
        print_json(report.to_dict())
        return
    info = report.snapshot.describe()
    console.print(
        f"Imported {info['entries']:,} entries ({info['names']:,} names) from {source} as snapshot {info['id']}; "
        f"it is now active (previously {report.previous['id']})."
    )
    console.print("By list: " + ", ".join(f"{code} {count:,}" for code, count in info["counts_by_list"].items()))


@lists_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the active list snapshot (the bundled list unless one was imported)."""
    snapshot = load_active_snapshot()
    data: dict[str, Any] = {
        "active": snapshot.describe(),
        "bundled": active_pointer() is None,
        "pointer": active_pointer(),
        "lists_dir": str(lists_dir()),
        "stored_snapshots": list_snapshots(),
        "matcher": MATCHER_VERSION,
        "default_threshold": DEFAULT_THRESHOLD,
    }
    if as_json:
        print_json(data)
        return
    info = data["active"]
    origin = "bundled with chipcontrols" if data["bundled"] else f"imported {info['imported_at']}"
    console.print(f"Active list snapshot [bold]{info['id']}[/bold] ({origin})")
    console.print(f"Source: {info['source']}  format: {info['format']}  generated: {info['generated_at']}")
    console.print(f"Content hash: {info['content_hash']}")
    table = Table(title=f"{info['entries']:,} entries, {info['names']:,} names")
    table.add_column("list")
    table.add_column("entries", justify="right")
    for code, count in info["counts_by_list"].items():
        table.add_row(code, f"{count:,}")
    console.print(table)
    console.print(f"Matcher {MATCHER_VERSION}, default threshold {DEFAULT_THRESHOLD:.2f}.")


def register(app: typer.Typer) -> None:
    app.add_typer(lists_app, name="lists")

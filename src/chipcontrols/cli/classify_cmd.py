"""`chipcontrols classify`: the ECCN of a catalogue chip or a spec file as of a date, with its reasons."""

from __future__ import annotations

from pathlib import Path

import typer

from chipcontrols.catalog import load_spec_file
from chipcontrols.classification import classification_history, classify
from chipcontrols.cli.output import console, print_json
from chipcontrols.cli.render import classification_panel, history_table
from chipcontrols.errors import InputError

__all__ = ["register"]


def classify_command(
    chip: str = typer.Option(None, "--chip", help="Catalogue id or common name, e.g. nvidia/h20 or 'H100 SXM'."),
    spec: Path = typer.Option(None, "--spec", help="A YAML or JSON spec file."),
    as_of: str = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: today)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    history: bool = typer.Option(False, "--history", help="Classify at every date the rules changed."),
    codified: bool = typer.Option(False, "--codified", help="Evaluate the rules as written, including "
                                  "instruments BIS does not enforce."),
) -> None:
    """Classify a chip under the export rules in force on a date (ECCN 3A090/4A090/.z or not controlled)."""
    if (chip is None) == (spec is None):
        raise InputError("Give exactly one of --chip ID|NAME or --spec FILE.")
    item = chip if chip is not None else load_spec_file(spec)
    if history:
        results = classification_history(item, codified=codified)
        if as_json:
            print_json({"item": results[0].item_name, "history": [r.to_dict() for r in results]})
        else:
            console.print(history_table(results))
        return
    result = classify(item, as_of, codified=codified)
    if as_json:
        print_json(result.to_dict())
    else:
        console.print(classification_panel(result))


def register(app: typer.Typer) -> None:
    app.command("classify")(classify_command)

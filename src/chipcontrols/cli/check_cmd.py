"""`chipcontrols check`: the licence determination for a shipment file, as a readable verdict or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chipcontrols.cli.output import console
from chipcontrols.licensing import Determination, determine, load_shipment_file

__all__ = ["register", "verdict_panel"]

_STYLE = {
    "no_license_required": "bold green",
    "license_required": "bold yellow",
    "prohibited": "bold red",
    "insufficient_data": "bold magenta",
}
_LABEL = {
    "no_license_required": "NO LICENCE REQUIRED",
    "license_required": "LICENCE REQUIRED",
    "prohibited": "PROHIBITED IN PRACTICE (policy of denial)",
    "insufficient_data": "INSUFFICIENT DATA",
}


def _met(value: Any) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


def verdict_panel(result: Determination) -> Panel:
    """The readable verdict: outcome, reasons with citations, review policy, exceptions, warnings."""
    body = Text()
    body.append(_LABEL[result.outcome] + "\n", style=_STYLE[result.outcome])
    body.append(result.summary + "\n")
    body.append(f"Mode: {result.mode} text.  Rule data {result.versions['rule_data']}; "
                f"list snapshot {result.versions['list_snapshot'] or 'n/a'}.\n")
    classification = result.classification or {}
    body.append(f"Classification: {classification.get('eccn') or 'not 3A090/4A090'} "
                f"({classification.get('status', 'n/a')})\n")
    if result.reasons:
        body.append("\nReasons\n", style="bold")
        for reason in result.reasons:
            body.append(f"• [{reason['rule_id']}] {reason['title']}\n  {reason['paragraph']} — "
                        f"{reason['citation']} (confidence: {reason['confidence']})\n  {reason['explanation']}\n")
    if result.review_policy:
        review = result.review_policy
        body.append("\nReview policy: ", style="bold")
        body.append(f"{review['policy'].replace('_', ' ')}"
                    f"{' (reported)' if review.get('reported') else ''} — {review.get('citation') or ''}\n")
        body.append(f"  {review['explanation']}\n")
        for condition in review.get("conditions", []):
            body.append(f"  condition: {condition['text']}\n")
    if result.exceptions:
        body.append("\nLicence exceptions that may apply\n", style="bold")
        for exception in result.exceptions:
            body.append(f"• {exception['code']} ({exception['paragraph']}, {exception['citation']}): "
                        f"appears available: {_met(exception['appears_available'])}\n")
            for check in exception["conditions"]:
                body.append(f"    {_met(check['met'])}: {check['condition']}\n")
            for obligation in exception["obligations"]:
                body.append(f"    must: {obligation}\n")
            if exception["does_not_overcome"]:
                body.append(f"    does not overcome: {', '.join(exception['does_not_overcome'])}\n")
    if result.undetermined:
        body.append("\nCould not be decided\n", style="bold")
        for item in result.undetermined:
            body.append(f"• {item['rule_id']}: missing {'; '.join(item['missing'])}\n")
    if result.what_would_change:
        body.append("\nWhat would change the answer\n", style="bold")
        for note in result.what_would_change:
            body.append(f"• {note}\n")
    if result.warnings:
        body.append("\nWarnings\n", style="bold")
        for warning in result.warnings:
            body.append(f"• {warning}\n")
    return Panel(body, title="Licence determination", expand=False)


def _parties_table(result: Determination) -> Table | None:
    if not result.parties:
        return None
    table = Table(title="List hits")
    for column in ("role", "party", "list", "entry", "score", "policy"):
        table.add_column(column)
    for hit in result.parties:
        table.add_row(hit["role"], hit["party_name"], hit["list_code"], hit["entry_name"], f"{hit['score']:.2f}",
                      hit["license_policy_normalised"])
    return table


def check_command(
    shipment: Path = typer.Option(..., "--shipment", help="Shipment file (JSON or YAML)."),
    as_of: str = typer.Option(None, "--as-of", help="Date YYYY-MM-DD; overrides the file's as_of."),
    codified: bool = typer.Option(False, "--codified", help="Evaluate the rules as written, including the "
                                  "January 2025 AI Diffusion Rule that BIS does not enforce."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object (stable, sorted keys)."),
) -> None:
    """Does this shipment need a US export licence on its date? Reasons, review policy, exceptions."""
    result = determine(load_shipment_file(shipment, as_of=as_of), codified=codified)
    if as_json:
        print(result.to_json())
        return
    console.print(verdict_panel(result))
    table = _parties_table(result)
    if table is not None:
        console.print(table)


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)

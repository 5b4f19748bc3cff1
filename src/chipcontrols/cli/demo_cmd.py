"""`chipcontrols demo`: the H20 story told by the real engine (what `make run` shows)."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from chipcontrols.catalog import load_catalog
from chipcontrols.classification import classify, history_dates
from chipcontrols.cli.output import console
from chipcontrols.dates import today
from chipcontrols.rules import load_rules

__all__ = ["register", "STORY_CHIPS"]

STORY_CHIPS = ("nvidia/a100-sxm", "nvidia/a800-sxm", "nvidia/h100-sxm", "nvidia/h800-sxm", "nvidia/h20",
               "nvidia/rtx-4090", "nvidia/rtx-4090-d")


def _label(eccn: str | None, status: str) -> Text:
    if status == "undetermined":
        return Text("undetermined", style="yellow")
    if eccn:
        return Text(eccn, style="bold red")
    return Text("—", style="green")


def classification_story() -> None:
    rules = load_rules()
    catalog = load_catalog()
    chips = [catalog.find(chip_id) for chip_id in STORY_CHIPS]
    chips = [chip for chip in chips if chip is not None]
    dates = [date for date in history_dates(rules)
             if date == history_dates(rules)[0]
             or any(v.effective == date for v in rules.eccn_families["3A090"].versions)]
    table = Table(title="How the China-market chips classify under each version of ECCN 3A090")
    table.add_column("chip")
    table.add_column("TPP", justify="right")
    table.add_column("PD", justify="right")
    table.add_column("mkt")
    for date in dates:
        table.add_column(f"{date:%Y}\n{date:%m-%d}", justify="center")
    for chip in chips:
        row: list[object] = []
        first = classify(chip, dates[-1], rules=rules)
        density = first.metrics.performance_density.value
        short = chip.aliases[0] if chip.aliases else chip.name
        row += [short, f"{first.metrics.tpp.value:,.0f}", "?" if density is None else f"{density:.2f}",
                chip.spec.market[:4]]
        for date in dates:
            result = classify(chip, date, rules=rules)
            row.append(_label(result.eccn, result.status))
        table.add_row(*row)  # type: ignore[arg-type]
    console.print(table)
    console.print("— = not controlled (no advanced-computing ECCN). Columns are the dates each version took effect.",
                  style="dim")
    console.print("Why, under the rules in force today:", style="bold")
    for chip in chips:
        result = classify(chip, today(), rules=rules)
        console.print(f"[bold]{chip.name}[/bold]: {result.eccn or 'not controlled'}")
        for reason in result.reasons:
            console.print(f"   • {reason}")
    console.print()


def demo_command() -> None:
    """Tell the H20 story from the real engine: classification across rule versions, then shipments."""
    console.rule("chipcontrols — the H20 story")
    console.print(
        "In October 2022 the US created ECCN 3A090 for AI chips. NVIDIA answered with China variants (A800, H800)"
        " that cut interconnect bandwidth; the October 2023 rule replaced that test with performance density;"
        " NVIDIA answered with the H20, designed to sit below every threshold. In April 2025 the government told"
        " NVIDIA the H20 needed a licence anyway (an 'is-informed' letter), and in July 2025 said licences would"
        " be granted again.\n"
    )
    classification_story()
    for extra in _EXTRA_SECTIONS:
        extra()


def shipment_story() -> None:
    """An H20 shipment to a Chinese cloud provider across the 2025 events, then an H200 under the 2026 rule."""
    from chipcontrols.licensing import h20_shipment_story

    table = Table(title="One shipment to a Chinese cloud provider, asked on different dates")
    table.add_column("as of")
    table.add_column("item")
    table.add_column("verdict")
    table.add_column("review policy")
    table.add_column("because")
    for result in h20_shipment_story():
        item = (result.classification or {}).get("item", {}).get("name") or result.shipment.get("item")
        verdict = Text(result.outcome.replace("_", " "),
                       style="bold red" if result.license_required else "bold green")
        policy = (result.review_policy or {}).get("policy", "") if result.review_policy else ""
        because = "; ".join(reason.get("rule_id", "") for reason in result.reasons) or "no rule applies"
        table.add_row(result.as_of.isoformat(), str(item), verdict, str(policy).replace("_", " "), because)
    console.print(table)
    for result in h20_shipment_story():
        console.print(f"[bold]{result.as_of.isoformat()}[/bold]: {result.summary}")
        for exception in result.exceptions:
            if exception.get("appears_available"):
                console.print(f"   licence exception that may apply: {exception.get('code')} — "
                              f"{exception.get('title')} ({exception.get('paragraph')})")
    console.print()


_EXTRA_SECTIONS: list = [shipment_story]  # further story sections register here


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)

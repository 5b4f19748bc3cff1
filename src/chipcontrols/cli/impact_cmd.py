"""`chipcontrols impact ORDERS --from DATE --to DATE`: which orders a change of the rules blocks or releases."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from chipcontrols.batch.impact import ImpactReport, Scenario, impact, read_inventory
from chipcontrols.batch.orders import read_orders, with_default_exporter
from chipcontrols.batch.what_if import parse_override
from chipcontrols.cli.output import print_json
from chipcontrols.dates import parse_date
from chipcontrols.errors import InputError

__all__ = ["register"]

_RULE_SETS = {"enforced": False, "codified": True}


def _rule_set(value: str, option: str) -> bool:
    if value not in _RULE_SETS:
        raise InputError(f"{option} must be 'enforced' or 'codified' (got {value!r}).")
    return _RULE_SETS[value]


def _money(value: float) -> str:
    return f"${value:,.0f}"


def _print_table(console: Console, title: str, rows: list[dict], key: str, limit: int = 10) -> None:
    if not rows:
        return
    table = Table(title=title)
    for column in (key, "newly blocked", "newly released", "orders changed"):
        table.add_column(column, justify="left" if column == key else "right")
    for row in rows[:limit]:
        table.add_row(
            str(row[key]),
            _money(row["newly_blocked_value_usd"]),
            _money(row["newly_released_value_usd"]),
            f"{row['changed_orders']:,}",
        )
    console.print(table)


def _print_report(report: ImpactReport, console: Console) -> None:
    console.print(f"Order book of {report.orders:,} lines: {report.baseline.label} → {report.scenario.label}")
    console.print(
        f"Newly blocked: {_money(report.newly_blocked_value_usd)} in {report.newly_blocked_orders:,} orders. "
        f"Newly released: {_money(report.newly_released_value_usd)} in {report.newly_released_orders:,} orders. "
        f"Orders changing outcome or review policy: {report.changed_orders_count:,}."
    )
    if report.error_orders:
        console.print(
            f"{report.error_orders:,} order(s) could not be determined (run `chipcontrols batch` to see why)."
        )
    _print_table(console, "By product", report.by_product, "product")
    _print_table(console, "By customer", report.by_customer, "customer")
    _print_table(console, "By destination", report.by_destination, "destination")
    _print_table(console, "By ship month", report.by_month, "month", limit=60)
    if report.inventory_at_risk:
        table = Table(title=f"Inventory at risk: {_money(report.inventory_at_risk_value_usd)}")
        for column in ("product", "on hand", "newly blocked units", "units at risk", "value at risk"):
            table.add_column(column, justify="left" if column == "product" else "right")
        for row in report.inventory_at_risk:
            table.add_row(
                row["product"],
                f"{row['quantity_on_hand']:,.0f}",
                f"{row['newly_blocked_units']:,.0f}",
                f"{row['units_at_risk']:,.0f}",
                _money(row["value_at_risk_usd"] or 0),
            )
        console.print(table)
    if report.timeline:
        table = Table(title="Timeline: blocked value as of each rule change")
        for column in ("date", "instruments", "blocked orders", "blocked value"):
            table.add_column(column, justify="right" if column.startswith("blocked") else "left")
        for point in report.timeline:
            table.add_row(
                point["date"],
                ", ".join(point["instruments"]),
                f"{point['blocked_orders']:,}",
                _money(point["blocked_value_usd"]),
            )
        console.print(table)
    if report.restart is not None:
        restart = report.restart
        table = Table(
            title=f"Shipments lost per month (ban, then {restart['restart_months']} months to restart supply): "
            f"{_money(restart['lost_value_usd'])} in {restart['lost_orders']:,} orders"
        )
        for column in ("month", "lost to ban", "lost to restart", "lost units", "lost value"):
            table.add_column(column, justify="left" if column == "month" else "right")
        for row in restart["by_month"]:
            table.add_row(
                row["month"],
                _money(row["lost_to_ban_value_usd"]),
                _money(row["lost_to_restart_value_usd"]),
                f"{row['lost_units']:,}",
                _money(row["lost_value_usd"]),
            )
        console.print(table)


def impact_command(
    orders: str = typer.Argument(..., help="Order book: a .csv or .parquet file (same columns as `batch`)."),
    from_date: str = typer.Option(..., "--from", help="Baseline date, YYYY-MM-DD."),
    to_date: str = typer.Option(..., "--to", help="Scenario date, YYYY-MM-DD (may equal --from)."),
    from_rules: str = typer.Option(
        "enforced", "--from-rules", help="Baseline rule set: enforced or codified."
    ),
    to_rules: str = typer.Option("enforced", "--to-rules", help="Scenario rule set: enforced or codified."),
    inventory: str | None = typer.Option(
        None, "--inventory", help="Inventory file (item, quantity_on_hand[, unit_cost_usd, location])."
    ),
    restart_months: int | None = typer.Option(
        None, "--restart-months", help="Model a licence restored after a ban with N months to restart supply."
    ),
    what_if: list[str] = typer.Option(
        [],
        "--what-if",
        help="Change a threshold in the --to scenario: CRITERION.METRIC[.min|.max]=VALUE, "
        "e.g. 3A090.a.1.total_processing_performance=4000 (repeatable).",
    ),
    exporter: str | None = typer.Option(
        None,
        "--exporter",
        help="Exporter of the orders that name none (is-informed letters bind their addressee).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    chart: str | None = typer.Option(
        None, "--chart", help="Also draw the timeline and monthly changes: .png or .html."
    ),
    limit: int | None = typer.Option(
        None, "--limit", help="List at most this many changed orders (the totals always cover all of them)."
    ),
) -> None:
    """Compare two rule scenarios on an order book: the value newly blocked or released and where.

    Between two dates (--from, --to), between the enforced and codified rule sets (same date,
    --from-rules enforced --to-rules codified), or under changed thresholds (--what-if), with a
    timeline over every rule change in between.
    """
    baseline = Scenario(parse_date(from_date, field="--from"), _rule_set(from_rules, "--from-rules"))
    scenario = Scenario(
        parse_date(to_date, field="--to"),
        _rule_set(to_rules, "--to-rules"),
        tuple(parse_override(text) for text in what_if),
    )
    if chart is not None:
        from chipcontrols.charts import chart_format

        chart_format(chart)
    book = with_default_exporter(read_orders(orders), exporter)
    stock = read_inventory(inventory) if inventory else None
    report = impact(
        book, baseline, scenario, inventory=stock, restart_months=restart_months, changed_limit=limit
    )
    data = report.to_dict()
    if chart is not None:
        from chipcontrols.charts import impact_chart

        impact_chart(data, chart)
    if as_json:
        print_json(data)
    else:
        _print_report(report, Console(highlight=False))
        if chart:
            Console(highlight=False).print(f"Chart written to {chart}.")


def register(app: typer.Typer) -> None:
    app.command("impact")(impact_command)

"""Impact analysis: what a change of the rules does to an order book, in orders and dollars.

Two *scenarios* (a date, the enforced or codified rule set, optional what-if threshold overrides, see
``what_if.py``) are compared
on the same order book: every order is determined under each, and an order *changes* when its outcome
or review policy differs. Money moves between two states:

- **blocked**: the order cannot ship as planned: prohibited, or a licence is required and its review
  policy does not say the licence is expected to be approved (presumption of denial, case-by-case ...),
  or the answer is ``insufficient_data`` (on hold until the missing fact is known);
- **shippable**: no licence required, or a licence required that is expected to be approved.

Reported: value newly blocked and newly released (by product, customer, destination and ship month),
inventory at risk (units on hand of products whose orders become blocked, valued at unit cost), a
timeline of the blocked value across every rule-change date in a range, and a restart model (a licence
restored after a ban, with a supply chain needing N months to restart: orders shipping in those months
are lost too).

Work is per distinct decision key (item, parties, end use) and rule epoch, as in the batch engine;
values stay columnar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from chipcontrols.batch.core import DEFAULT_ENGINE, DecisionEngine, decide_keys, load_engine
from chipcontrols.batch.orders import (
    as_of_expression,
    normalise_orders,
    raw_key_expressions,
    read_table,
    without_result_columns,
)
from chipcontrols.batch.runner import add_key_hashes
from chipcontrols.batch.what_if import ThresholdOverride, apply_overrides
from chipcontrols.catalog import load_catalog
from chipcontrols.errors import InputError

__all__ = [
    "ImpactReport",
    "Scenario",
    "blocked_expression",
    "impact",
    "read_inventory",
]

_SHIPPABLE_POLICY_WORDS = ("approval",)
_BLOCKING_POLICY_WORDS = ("denial", "deny", "prohibit")


@dataclass(frozen=True)
class Scenario:
    """The rules an order book is determined under: a date, enforced or codified rules, threshold overrides."""

    as_of: dt.date
    codified: bool = False
    overrides: tuple[ThresholdOverride, ...] = ()

    @property
    def label(self) -> str:
        label = f"{self.as_of.isoformat()} ({'codified' if self.codified else 'enforced'})"
        if self.overrides:
            label += " what-if " + ", ".join(o.label for o in self.overrides)
        return label


def _scenario_engine(engine: str | DecisionEngine, scenario: Scenario) -> str | DecisionEngine:
    """The decision engine of a scenario: the given one, or the licensing engine on a what-if rule pack."""
    if not scenario.overrides:
        return engine
    if engine != DEFAULT_ENGINE:
        raise InputError("What-if overrides need the licensing engine.")
    from chipcontrols.batch.core import LicensingEngine

    return LicensingEngine(rules=apply_overrides(list(scenario.overrides)))


@dataclass
class ImpactReport:
    """The comparison of two scenarios on one order book (see the module docstring)."""

    baseline: Scenario
    scenario: Scenario
    orders: int
    error_orders: int
    newly_blocked_value_usd: float
    newly_released_value_usd: float
    newly_blocked_orders: int
    newly_released_orders: int
    changed_orders: list[dict[str, Any]]
    changed_orders_count: int
    by_product: list[dict[str, Any]]
    by_customer: list[dict[str, Any]]
    by_destination: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    inventory_at_risk: list[dict[str, Any]] = field(default_factory=list)
    inventory_at_risk_value_usd: float = 0.0
    timeline: list[dict[str, Any]] = field(default_factory=list)
    restart: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline.label,
            "scenario": self.scenario.label,
            "orders": self.orders,
            "error_orders": self.error_orders,
            "newly_blocked_value_usd": self.newly_blocked_value_usd,
            "newly_released_value_usd": self.newly_released_value_usd,
            "newly_blocked_orders": self.newly_blocked_orders,
            "newly_released_orders": self.newly_released_orders,
            "changed_orders": self.changed_orders,
            "changed_orders_count": self.changed_orders_count,
            "by_product": self.by_product,
            "by_customer": self.by_customer,
            "by_destination": self.by_destination,
            "by_month": self.by_month,
            "inventory_at_risk": self.inventory_at_risk,
            "inventory_at_risk_value_usd": self.inventory_at_risk_value_usd,
            "timeline": self.timeline,
            "restart": self.restart,
        }


def blocked_expression(outcome: str = "outcome", policy: str = "review_policy") -> pl.Expr:
    """True when an order cannot ship as planned (see the module docstring); null for error rows."""
    policy_text = pl.col(policy).fill_null("").str.to_lowercase()
    approval_expected = policy_text.str.contains(
        "|".join(_SHIPPABLE_POLICY_WORDS)
    ) & ~policy_text.str.contains("|".join(_BLOCKING_POLICY_WORDS))
    return (
        pl.when(pl.col(outcome).is_null() | (pl.col(outcome) == "error"))
        .then(None)
        .when(pl.col(outcome) == "no_license_required")
        .then(False)
        .when(pl.col(outcome) == "license_required")
        .then(~approval_expected)
        .otherwise(True)
    )


def _key_table(orders: pl.DataFrame, as_of: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with internal columns and ship month, and the distinct keys (hash + raw text)."""
    rows = add_key_hashes(normalise_orders(orders, as_of=as_of), orders.columns)
    ship_date = orders.select(as_of_expression(orders, None).alias("_ship_date"))["_ship_date"]
    rows = rows.with_columns(ship_date, ship_date.dt.strftime("%Y-%m").alias("_month"))
    keys = (
        rows.filter(pl.col("_error").is_null())
        .group_by("_h1", "_h2")
        .agg(pl.col("_row").first().alias("_first_row"))
        .sort("_h1", "_h2")
    )
    texts = rows.select(raw_key_expressions(orders.columns)).gather(keys["_first_row"])
    return rows, pl.concat([keys.drop("_first_row"), texts], how="horizontal")


def _decide_at(
    keys: pl.DataFrame, day: dt.date, codified: bool, engine: str | DecisionEngine, memo: dict[Any, Any]
) -> pl.DataFrame:
    """Decisions of every key as of ``day``: ``_h1, _h2`` + outcome, review_policy, reasons, blocked."""
    epoch = sum(1 for change in load_engine(engine).change_dates(codified) if change <= day)
    dated = keys.with_columns(
        pl.lit(epoch, dtype=pl.Int32).alias("_epoch"), pl.lit(day, dtype=pl.Date).alias("_as_of")
    )
    decided = decide_keys(dated, codified=codified, engine=engine, memo=memo)
    return decided.select("_h1", "_h2", "outcome", "review_policy", "reasons", "_key_error").with_columns(
        blocked_expression().alias("blocked")
    )


def _breakdown(changed: pl.DataFrame, column: str, name: str) -> list[dict[str, Any]]:
    if changed.is_empty():
        return []
    table = (
        changed.group_by(column)
        .agg(
            pl.col("_value")
            .filter(pl.col("_change") == "newly_blocked")
            .sum()
            .alias("newly_blocked_value_usd"),
            pl.col("_value")
            .filter(pl.col("_change") == "newly_released")
            .sum()
            .alias("newly_released_value_usd"),
            (pl.col("_change") == "newly_blocked").sum().alias("newly_blocked_orders"),
            (pl.col("_change") == "newly_released").sum().alias("newly_released_orders"),
            pl.len().alias("changed_orders"),
        )
        .rename({column: name})
        .sort(
            ["newly_blocked_value_usd", "newly_released_value_usd", name],
            descending=[True, True, False],
            nulls_last=True,
        )
    )
    return table.to_dicts()


def read_inventory(path: str) -> pl.DataFrame:
    """An inventory file: ``item, quantity_on_hand`` and optionally ``unit_cost_usd``, ``location``."""
    frame = read_table(path, what="inventory")
    missing = [name for name in ("item", "quantity_on_hand") if name not in frame.columns]
    if missing:
        raise InputError(
            f"The inventory {path!r} lacks the column(s) {', '.join(missing)}; "
            "expected item, quantity_on_hand and optionally unit_cost_usd, location."
        )
    result = frame.with_columns(
        pl.col("item").cast(pl.String).str.strip_chars(),
        pl.col("quantity_on_hand").cast(pl.Float64, strict=False),
        (
            pl.col("unit_cost_usd").cast(pl.Float64, strict=False)
            if "unit_cost_usd" in frame.columns
            else pl.lit(None, pl.Float64)
        ).alias("unit_cost_usd"),
    )
    bad = result.filter(pl.col("quantity_on_hand").is_null() | (pl.col("quantity_on_hand") < 0))
    if bad.height:
        raise InputError(
            f"The inventory {path!r} has {bad.height} row(s) whose quantity_on_hand is not a number ≥ 0."
        )
    return result


def _catalogue_id(name: str) -> str:
    chip = load_catalog().find(name)
    return chip.id if chip is not None else name


def _inventory_at_risk(inventory: pl.DataFrame, changed: pl.DataFrame) -> tuple[list[dict[str, Any]], float]:
    blocked = changed.filter(pl.col("_change") == "newly_blocked")
    blocked = (
        blocked.with_columns(
            pl.col("_item_id").alias("product"),
        )
        .group_by("product")
        .agg(
            pl.col("_quantity").sum().alias("newly_blocked_units"),
            (pl.col("_value").sum() / pl.col("_quantity").sum()).alias("_average_price"),
        )
    )
    stock = (
        inventory.with_columns(
            pl.col("item").map_elements(_catalogue_id, return_dtype=pl.String).alias("product")
        )
        .group_by("product")
        .agg(
            pl.col("item").first(),
            pl.col("quantity_on_hand").sum(),
            pl.col("unit_cost_usd").mean(),
        )
    )
    joined = stock.join(blocked, on="product", how="left").with_columns(
        pl.col("newly_blocked_units").fill_null(0)
    )
    joined = joined.with_columns(
        pl.min_horizontal("quantity_on_hand", "newly_blocked_units").alias("units_at_risk"),
    ).with_columns(
        (pl.col("units_at_risk") * pl.coalesce("unit_cost_usd", "_average_price", pl.lit(0.0))).alias(
            "value_at_risk_usd"
        )
    )
    table = joined.select(
        "product",
        "item",
        "quantity_on_hand",
        "newly_blocked_units",
        "units_at_risk",
        "unit_cost_usd",
        "value_at_risk_usd",
    ).sort(["value_at_risk_usd", "product"], descending=[True, False])
    return table.to_dicts(), float(table["value_at_risk_usd"].sum())


def _instruments_by_date() -> dict[dt.date, list[str]]:
    try:
        from chipcontrols.rules import load_rules

        instruments = load_rules().instruments
    except Exception:  # noqa: BLE001 - labels are optional decoration of the timeline
        return {}
    labels: dict[dt.date, list[str]] = {}
    for instrument_id, instrument in sorted(instruments.items()):
        effective = getattr(instrument, "effective", None)
        if isinstance(effective, str):
            effective = dt.date.fromisoformat(effective)
        if isinstance(effective, dt.date):
            labels.setdefault(effective, []).append(instrument_id)
    return labels


def _timeline(
    rows: pl.DataFrame,
    keys: pl.DataFrame,
    start: dt.date,
    end: dt.date,
    codified: bool,
    engine: str | DecisionEngine,
    memo: dict[Any, Any],
) -> list[dict[str, Any]]:
    """Blocked value and outcome counts of the whole book as of each rule-change date in [start, end]."""
    changes = [day for day in load_engine(engine).change_dates(codified) if start < day <= end]
    labels = _instruments_by_date()
    per_key = (
        rows.filter(pl.col("_error").is_null())
        .group_by("_h1", "_h2")
        .agg(pl.col("_value").sum().alias("value"), pl.len().alias("orders"))
    )
    points = []
    for day in [start, *changes]:
        decided = _decide_at(keys, day, codified, engine, memo).join(per_key, on=["_h1", "_h2"])
        counts = {
            row["outcome"]: int(row["orders"])
            for row in decided.group_by("outcome").agg(pl.col("orders").sum()).iter_rows(named=True)
        }
        blocked = decided.filter(pl.col("blocked").fill_null(False))
        points.append(
            {
                "date": day.isoformat(),
                "instruments": labels.get(day, []),
                "blocked_value_usd": float(blocked["value"].sum()),
                "blocked_orders": int(blocked["orders"].sum()),
                "outcomes": counts,
            }
        )
    return points


def _restart(
    rows: pl.DataFrame,
    keys: pl.DataFrame,
    start: dt.date,
    end: dt.date,
    months: int,
    codified: bool,
    engine: str | DecisionEngine,
    memo: dict[Any, Any],
) -> dict[str, Any]:
    """Orders shipping in [start, end] lost to a ban, or to the N months the supply chain needs to restart.

    For each order: blocked at its ship date → lost (ban); otherwise, if its key was released (blocked
    → shippable) at a rule change less than ``months`` months before the ship date → lost (restart).
    Orders blocked throughout (a listed party, say) were never sellable and are not counted.
    """
    change_dates = load_engine(engine).change_dates(codified)
    window = rows.filter(
        pl.col("_error").is_null()
        & pl.col("_ship_date").is_not_null()
        & (pl.col("_ship_date") >= start)
        & (pl.col("_ship_date") <= end)
    )
    # A release up to ``months`` months before the window still costs orders inside it: look back that far.
    lookback = start - dt.timedelta(days=31 * (months + 1))
    history_start = ([d for d in change_dates if d <= lookback] or [lookback])[-1]
    epochs = [history_start, *[d for d in change_dates if history_start < d <= end]]
    states = pl.concat(
        [
            _decide_at(keys, day, codified, engine, memo)
            .select("_h1", "_h2", "blocked")
            .with_columns(pl.lit(day).alias("_from"))
            for day in epochs
        ]
    ).sort("_h1", "_h2", "_from")
    releases = (
        states.with_columns(pl.col("blocked").shift(1).over("_h1", "_h2").alias("_was_blocked"))
        .filter(pl.col("_was_blocked").fill_null(False) & ~pl.col("blocked").fill_null(True))
        .select("_h1", "_h2", pl.col("_from").alias("_released"))
        .sort("_released")
    )
    at_ship = (
        window.sort("_ship_date")
        .join_asof(
            states.sort("_from").select("_h1", "_h2", "_from", "blocked"),
            left_on="_ship_date",
            right_on="_from",
            by=["_h1", "_h2"],
            strategy="backward",
            check_sortedness=False,
        )
        .join_asof(
            releases,
            left_on="_ship_date",
            right_on="_released",
            by=["_h1", "_h2"],
            strategy="backward",
            check_sortedness=False,
        )
    )
    restarting = pl.col("_released").is_not_null() & (
        pl.col("_ship_date") < pl.col("_released").dt.offset_by(f"{months}mo")
    )
    # Orders whose decision is blocked over the whole history were never sellable: not lost to this ban.
    sellable = states.group_by("_h1", "_h2").agg(
        (~pl.col("blocked").fill_null(True)).any().alias("_sellable")
    )
    at_ship = at_ship.join(sellable, on=["_h1", "_h2"], how="left").filter(
        pl.col("_sellable").fill_null(False)
    )
    lost = at_ship.with_columns(
        pl.when(pl.col("blocked").fill_null(False))
        .then(pl.lit("ban"))
        .when(restarting)
        .then(pl.lit("restart"))
        .otherwise(None)
        .alias("_lost")
    ).filter(pl.col("_lost").is_not_null())
    per_month = (
        lost.group_by("_month")
        .agg(
            pl.col("_value").filter(pl.col("_lost") == "ban").sum().alias("lost_to_ban_value_usd"),
            pl.col("_value").filter(pl.col("_lost") == "restart").sum().alias("lost_to_restart_value_usd"),
            (pl.col("_lost") == "ban").sum().alias("lost_to_ban_orders"),
            (pl.col("_lost") == "restart").sum().alias("lost_to_restart_orders"),
            pl.col("_quantity").sum().alias("lost_units"),
        )
        .with_columns(
            (pl.col("lost_to_ban_value_usd") + pl.col("lost_to_restart_value_usd")).alias("lost_value_usd")
        )
        .rename({"_month": "month"})
        .sort("month")
    )
    return {
        "restart_months": months,
        "window": [start.isoformat(), end.isoformat()],
        "releases": sorted({d.isoformat() for d in releases["_released"].to_list()}),
        "lost_value_usd": float(lost["_value"].sum()),
        "lost_orders": lost.height,
        "by_month": per_month.to_dicts(),
    }


def impact(
    orders: pl.DataFrame,
    baseline: Scenario,
    scenario: Scenario,
    *,
    inventory: pl.DataFrame | None = None,
    timeline: bool = True,
    restart_months: int | None = None,
    engine: str | DecisionEngine = DEFAULT_ENGINE,
    changed_limit: int | None = None,
) -> ImpactReport:
    """Compare ``baseline`` with ``scenario`` on ``orders`` (see the module docstring)."""
    memo: dict[Any, Any] = {}
    orders = without_result_columns(orders)
    baseline_engine = _scenario_engine(engine, baseline)
    scenario_engine = _scenario_engine(engine, scenario)
    rows, keys = _key_table(orders, baseline.as_of)
    before = _decide_at(keys, baseline.as_of, baseline.codified, baseline_engine, memo)
    after = _decide_at(keys, scenario.as_of, scenario.codified, scenario_engine, memo)
    compared = (
        rows.join(before, on=["_h1", "_h2"], how="left", maintain_order="left")
        .join(after, on=["_h1", "_h2"], how="left", maintain_order="left", suffix="_after")
        .with_columns(
            pl.coalesce("_error", "_key_error", "_key_error_after").alias("_problem"),
        )
    )
    valid = compared.filter(pl.col("_problem").is_null())
    change = (
        pl.when(~pl.col("blocked") & pl.col("blocked_after"))
        .then(pl.lit("newly_blocked"))
        .when(pl.col("blocked") & ~pl.col("blocked_after"))
        .then(pl.lit("newly_released"))
        .otherwise(pl.lit("changed"))
    )
    changed = valid.filter(
        (pl.col("outcome") != pl.col("outcome_after"))
        | (pl.col("review_policy").fill_null("") != pl.col("review_policy_after").fill_null(""))
        | (pl.col("reasons").fill_null("") != pl.col("reasons_after").fill_null(""))
    ).with_columns(change.alias("_change"))
    product_ids = {
        name: _catalogue_id(name) for name in changed["item"].cast(pl.String).unique().to_list() if name
    }
    changed = changed.with_columns(
        pl.col("item")
        .cast(pl.String)
        .replace_strict(product_ids, default=None, return_dtype=pl.String)
        .alias("_item_id")
    )
    blocked_now = changed.filter(pl.col("_change") == "newly_blocked")
    released_now = changed.filter(pl.col("_change") == "newly_released")
    listing_columns = [
        c for c in ("order_id", "item", "end_user", "destination", "ship_date") if c in changed.columns
    ]
    listing = changed.select(
        *listing_columns,
        pl.col("_value").alias("value_usd"),
        pl.col("outcome").alias("outcome_before"),
        pl.col("outcome_after"),
        pl.col("review_policy").alias("review_policy_before"),
        pl.col("review_policy_after"),
        pl.col("reasons_after"),
        pl.col("_change").alias("change"),
    ).with_columns(pl.col("ship_date").cast(pl.String) if "ship_date" in listing_columns else [])
    if changed_limit is not None:
        listing = listing.head(changed_limit)
    report = ImpactReport(
        baseline=baseline,
        scenario=scenario,
        orders=rows.height,
        error_orders=rows.height - valid.height,
        newly_blocked_value_usd=float(blocked_now["_value"].sum()),
        newly_released_value_usd=float(released_now["_value"].sum()),
        newly_blocked_orders=blocked_now.height,
        newly_released_orders=released_now.height,
        changed_orders=listing.to_dicts(),
        changed_orders_count=changed.height,
        by_product=_breakdown(
            changed.with_columns(pl.col("_item_id").alias("product")), "product", "product"
        ),
        by_customer=_breakdown(changed, "end_user", "customer"),
        by_destination=_breakdown(changed, "destination", "destination"),
        by_month=sorted(_breakdown(changed, "_month", "month"), key=lambda row: row["month"] or ""),
    )
    if inventory is not None:
        report.inventory_at_risk, report.inventory_at_risk_value_usd = _inventory_at_risk(inventory, changed)
    start, end = sorted((baseline.as_of, scenario.as_of))
    if timeline and start < end:
        report.timeline = _timeline(rows, keys, start, end, scenario.codified, scenario_engine, memo)
    if restart_months is not None:
        if restart_months < 0:
            raise InputError("--restart-months must be 0 or more.")
        report.restart = _restart(
            rows, keys, start, end, restart_months, scenario.codified, scenario_engine, memo
        )
    return report

"""Impact analysis on the sample book: the H20 case (golden), breakdowns, inventory, timeline, restart, what-if."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from batch_helpers import EXAMPLES

from chipcontrols.batch.impact import Scenario, blocked_expression, impact, read_inventory
from chipcontrols.batch.orders import read_orders
from chipcontrols.batch.what_if import parse_override
from chipcontrols.cli.app import main
from chipcontrols.errors import InputError

BOOK = EXAMPLES / "orders_small.csv"
# Chinese customers and subsidiaries of Chinese parents abroad that are on no list and buy for datacenters:
# the H20 letter of April 2025 is their only licence requirement.
CHINESE_DATACENTER_CUSTOMERS = {
    "Hangzhou Lianxin Cloud Co., Ltd.",
    "Shenzhen Pengcheng Data Co., Ltd.",
    "Kowloon Compute Limited",
}
CHINESE_PARENT_SUBSIDIARIES = {
    "Lianxin Cloud (Singapore) Pte. Ltd.",
    "Pengcheng Data Malaysia Sdn. Bhd.",
    "Tianfu AI Europe GmbH",
}


def _value(book: pl.DataFrame, customers: set[str], item: str = "H20") -> float:
    rows = book.filter((pl.col("item") == item) & pl.col("end_user").is_in(sorted(customers)))
    return float((rows["quantity"].cast(pl.Float64) * rows["unit_value_usd"].cast(pl.Float64)).sum())


@pytest.fixture(scope="module")
def book() -> pl.DataFrame:
    return read_orders(BOOK)


def test_h20_orders_become_licence_required_between_april_8_and_15(book: pl.DataFrame) -> None:
    report = impact(
        book,
        Scenario(dt.date(2025, 4, 8)),
        Scenario(dt.date(2025, 4, 15)),
        inventory=read_inventory(str(EXAMPLES / "inventory_small.csv")),
    )
    blocked = [order for order in report.changed_orders if order["change"] == "newly_blocked"]
    assert {order["item"] for order in blocked} == {"H20"}
    assert {
        order["end_user"] for order in blocked
    } == CHINESE_DATACENTER_CUSTOMERS | CHINESE_PARENT_SUBSIDIARIES
    assert all(order["outcome_after"] == "license_required" for order in blocked)
    assert all("nvidia-letter-2025-04-09" in order["reasons_after"] for order in blocked)
    expected = _value(book, CHINESE_DATACENTER_CUSTOMERS | CHINESE_PARENT_SUBSIDIARIES)
    assert report.newly_blocked_value_usd == pytest.approx(expected)
    assert report.newly_blocked_value_usd == pytest.approx(6_376_420.0)  # golden, sample book seed 2025
    assert report.newly_released_value_usd == 0
    assert [row["product"] for row in report.by_product] == ["nvidia/h20"]
    assert {row["destination"] for row in report.by_destination if row["newly_blocked_value_usd"]} == {
        "CN",
        "HK",
        "SG",
        "MY",
        "DE",
    }
    h20 = next(row for row in report.inventory_at_risk if row["product"] == "nvidia/h20")
    blocked_units = (
        book.filter(
            (pl.col("item") == "H20")
            & pl.col("end_user").is_in(sorted(CHINESE_DATACENTER_CUSTOMERS | CHINESE_PARENT_SUBSIDIARIES))
        )["quantity"]
        .cast(pl.Int64)
        .sum()
    )
    assert h20["newly_blocked_units"] == blocked_units
    assert h20["units_at_risk"] == min(h20["quantity_on_hand"], h20["newly_blocked_units"])
    assert report.inventory_at_risk_value_usd == pytest.approx(h20["units_at_risk"] * h20["unit_cost_usd"])
    assert [point["date"] for point in report.timeline][:2] == ["2025-04-08", "2025-04-09"]


def test_h20_orders_of_chinese_customers_released_after_july_2025(book: pl.DataFrame) -> None:
    report = impact(book, Scenario(dt.date(2025, 4, 15)), Scenario(dt.date(2025, 8, 1)))
    released = [order for order in report.changed_orders if order["change"] == "newly_released"]
    assert released and {order["item"] for order in released} == {"H20"}
    assert {order["destination"] for order in released} <= {"CN", "HK", "MO"}
    assert CHINESE_DATACENTER_CUSTOMERS <= {order["end_user"] for order in released}
    assert all(order["review_policy_after"] == "presumption_of_approval" for order in released)
    assert report.newly_blocked_value_usd == 0
    assert report.newly_released_value_usd >= _value(book, CHINESE_DATACENTER_CUSTOMERS)


def test_restart_months_counts_orders_lost_after_the_licence_returns(book: pl.DataFrame) -> None:
    report = impact(book, Scenario(dt.date(2025, 4, 1)), Scenario(dt.date(2026, 3, 31)), restart_months=9)
    restart = report.restart
    assert restart is not None and "2025-07-15" in restart["releases"]
    months = {row["month"]: row for row in restart["by_month"]}
    assert all("2025-04" <= month <= "2026-03" for month in months)
    assert sum(row["lost_value_usd"] for row in restart["by_month"]) == pytest.approx(
        restart["lost_value_usd"]
    )
    assert sum(row["lost_to_restart_value_usd"] for row in restart["by_month"]) > 0
    no_restart = impact(book, Scenario(dt.date(2025, 4, 1)), Scenario(dt.date(2026, 3, 31)), restart_months=0)
    assert no_restart.restart is not None
    assert sum(r["lost_to_restart_value_usd"] for r in no_restart.restart["by_month"]) == 0
    assert no_restart.restart["lost_value_usd"] < restart["lost_value_usd"]


def test_what_if_threshold_override(book: pl.DataFrame) -> None:
    lower = parse_override("3A090.b.1.total_processing_performance.min=2000")
    report = impact(book, Scenario(dt.date(2025, 3, 1)), Scenario(dt.date(2025, 3, 1), overrides=(lower,)))
    assert report.scenario.label.endswith("what-if 3A090.b.1.total_processing_performance.min=2000")
    assert any(order["item"] == "H20" for order in report.changed_orders)
    with pytest.raises(InputError, match="no threshold"):
        impact(
            book,
            Scenario(dt.date(2025, 3, 1)),
            Scenario(
                dt.date(2025, 3, 1), overrides=(parse_override("3A090.q.total_processing_performance=1"),)
            ),
        )


def test_blocked_expression() -> None:
    frame = pl.DataFrame(
        {
            "outcome": [
                "no_license_required",
                "license_required",
                "license_required",
                "prohibited",
                "error",
                "insufficient_data",
            ],
            "review_policy": ["", "presumption_of_approval", "case_by_case", "policy_of_denial", None, ""],
        }
    )
    assert frame.select(blocked_expression().alias("blocked"))["blocked"].to_list() == [
        False,
        False,
        True,
        True,
        None,
        True,
    ]


def test_impact_command_json_and_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "impact.html"
    code = main(
        [
            "impact",
            str(BOOK),
            "--from",
            "2025-04-08",
            "--to",
            "2025-04-15",
            "--json",
            "--chart",
            str(chart),
            "--inventory",
            str(EXAMPLES / "inventory_small.csv"),
            "--limit",
            "3",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "newly_blocked_value_usd",
        "newly_released_value_usd",
        "changed_orders",
        "by_product",
        "by_customer",
        "by_destination",
        "by_month",
        "inventory_at_risk",
        "timeline",
    ):
        assert key in data
    assert len(data["changed_orders"]) == 3 and data["changed_orders_count"] > 3
    assert "<svg" in chart.read_text()
    assert (
        main(
            [
                "impact",
                str(BOOK),
                "--from",
                "2025-04-08",
                "--to",
                "2025-04-15",
                "--chart",
                str(tmp_path / "c.gif"),
            ]
        )
        == 2
    )
    assert (
        main(["impact", str(BOOK), "--from", "2025-04-08", "--to", "2025-04-15", "--from-rules", "law"]) == 2
    )
    assert (
        main(
            [
                "impact",
                str(BOOK),
                "--from",
                "2025-05-01",
                "--to",
                "2025-05-01",
                "--from-rules",
                "enforced",
                "--to-rules",
                "codified",
            ]
        )
        == 0
    )


def test_enforced_against_codified_rules(book: pl.DataFrame) -> None:
    """On 2025-06-01 the codified rules still hold the AI Diffusion Rule that BIS does not enforce."""
    report = impact(book, Scenario(dt.date(2025, 6, 1)), Scenario(dt.date(2025, 6, 1), codified=True))
    assert report.newly_blocked_value_usd > 0 and report.newly_released_value_usd == 0
    destinations = {row["destination"] for row in report.by_destination if row["newly_blocked_value_usd"]}
    assert {"AE", "SG", "MY", "IN"} <= destinations
    assert not destinations & {"US", "DE", "FR", "GB", "JP", "KR", "TW"}

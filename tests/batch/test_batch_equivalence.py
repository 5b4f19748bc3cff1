"""Property: the columnar batch engine gives, row for row, what ``determine()`` gives one shipment at a time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from batch_helpers import ENGINE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipcontrols.batch.core import decision_row, load_engine
from chipcontrols.batch.runner import determine_frame
from chipcontrols.batch.sample_orders import CUSTOMERS, available_products
from chipcontrols.catalog import load_catalog
from chipcontrols.errors import ChipControlsError

_ITEMS = [product.name for product in available_products()] + ["nvidia/h20", "h100 sxm"]


def _dates() -> st.SearchStrategy[dt.date]:
    engine = load_engine(ENGINE)
    boundaries = engine.change_dates(False)
    near = [day + dt.timedelta(days=delta) for day in boundaries for delta in (-1, 0, 1)]
    return st.one_of(
        st.sampled_from(near) if near else st.nothing(),
        st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 12, 31)),
    )


_party = st.sampled_from(CUSTOMERS)
_row = st.fixed_dictionaries(
    {
        "item": st.sampled_from(_ITEMS),
        "quantity": st.integers(min_value=1, max_value=5000),
        "unit_value_usd": st.floats(min_value=0, max_value=50_000, allow_nan=False).map(
            lambda v: round(v, 2)
        ),
        "customer": _party,
        "destination": st.one_of(
            st.none(), st.sampled_from(["CN", "HK", "SG", "MY", "US", "DE", "AE", "IN", "sg"])
        ),
        "end_use": st.sampled_from(
            ["datacenter", "supercomputer", "advanced_ic_production", "other", "unknown"]
        ),
        "ship_date": _dates(),
    }
)


def _book(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "order_id": [f"P{i}" for i in range(len(rows))],
            "item": [r["item"] for r in rows],
            "quantity": [r["quantity"] for r in rows],
            "unit_value_usd": [r["unit_value_usd"] for r in rows],
            "destination": [r["destination"] or r["customer"].country for r in rows],
            "end_user": [r["customer"].name for r in rows],
            "end_user_country": [r["customer"].country for r in rows],
            "end_user_headquarters": [r["customer"].headquarters for r in rows],
            "end_use": [r["end_use"] for r in rows],
            "ship_date": [r["ship_date"] for r in rows],
        },
        schema_overrides={"ship_date": pl.Date, "unit_value_usd": pl.Float64},
    )


def _one_by_one(row: dict[str, Any]) -> dict[str, Any]:
    """The reference: one ``determine()`` per row with the row's own date, quantity and value."""
    engine = load_engine(ENGINE)
    fields = {
        "as_of": row["ship_date"],
        "item": {"chip": load_catalog().get(row["item"]).id},
        "quantity": row["quantity"],
        "unit_value_usd": row["unit_value_usd"],
        "export_from": "US",
        "destination": row["destination"].upper(),
        "end_user": {
            "name": row["end_user"],
            "country": row["end_user_country"],
            "headquarters": row["end_user_headquarters"],
        },
        "end_use": row["end_use"],
    }
    try:
        return decision_row(engine.determine(fields, False))
    except ChipControlsError as error:
        return {"outcome": "error", "error": error.message}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row, min_size=1, max_size=25))
def test_batch_equals_determine_row_by_row(rows: list[dict[str, Any]]) -> None:
    book = _book(rows)
    results = determine_frame(book, engine=ENGINE)
    for batch_row, book_row in zip(results.iter_rows(named=True), book.iter_rows(named=True), strict=True):
        expected = _one_by_one(book_row)
        if expected["outcome"] == "error":
            assert batch_row["outcome"] == "error"
            continue
        for name in (
            "license_required",
            "outcome",
            "reasons",
            "citations",
            "review_policy",
            "party_hits",
            "eccn",
        ):
            assert batch_row[name] == expected[name], (name, book_row)

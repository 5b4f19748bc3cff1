"""The service's own order-book runner, used while the engine's ``chipcontrols.batch.run_batch`` is not installed.

Reads the order-book format of ``chipcontrols batch`` (CSV or Parquet; columns ``order_id``, ``item``,
``quantity``, ``unit_value_usd``, ``destination``, ``end_user``, ``end_user_country``,
``end_user_headquarters``, ``end_use``, ``ship_date``; only ``item`` is required here, ``chip`` is accepted
for it) and determines each row with ``chipcontrols.licensing`` (or, without a destination, classifies the
item). Row by row in Python: fine for the uploads of the web app, not for millions of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from chipcontrols.errors import ChipControlsError, InputError

__all__ = ["read_order_book", "run_batch"]

_OUTPUT_SCHEMA = {
    "row": pl.Int64, "order_id": pl.String, "item": pl.String, "ship_date": pl.String, "destination": pl.String,
    "outcome": pl.String, "license_required": pl.Boolean, "eccn": pl.String, "reasons": pl.String,
    "error": pl.String,
}


def read_order_book(path: Path) -> pl.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path)
        else:
            frame = pl.read_csv(path, infer_schema=False)
    except Exception as error:  # noqa: BLE001 - any reader failure is bad input
        raise InputError(f"Cannot read the order book {path.name!r}: {error}") from None
    frame = frame.rename({name: name.strip().lower() for name in frame.columns})
    if "item" not in frame.columns and "chip" in frame.columns:
        frame = frame.rename({"chip": "item"})
    if "item" not in frame.columns:
        raise InputError("The order book needs an 'item' column (a catalogue chip name or id).")
    return frame


def _text(row: dict[str, Any], name: str) -> str | None:
    value = row.get(name)
    return str(value).strip() if value is not None and str(value).strip() else None


def _shipment(row: dict[str, Any]) -> dict[str, Any]:
    shipment: dict[str, Any] = {"item": {"chip": _text(row, "item")}, "destination": _text(row, "destination")}
    for name in ("exporter", "export_from", "end_use"):
        if _text(row, name):
            shipment[name] = _text(row, name)
    if _text(row, "ship_date"):
        shipment["as_of"] = _text(row, "ship_date")
    if _text(row, "quantity"):
        shipment["quantity"] = int(float(str(row["quantity"])))
    if _text(row, "unit_value_usd"):
        shipment["unit_value_usd"] = float(str(row["unit_value_usd"]))
    if _text(row, "end_user"):
        end_user = {"name": _text(row, "end_user"),
                    "country": _text(row, "end_user_country") or shipment["destination"]}
        if _text(row, "end_user_headquarters"):
            end_user["headquarters"] = _text(row, "end_user_headquarters")
        shipment["end_user"] = end_user
    return shipment


def _decide(row: dict[str, Any]) -> dict[str, Any]:
    from chipcontrols.api import engine
    from chipcontrols.dates import parse_date

    if _text(row, "destination"):
        result = engine.check_shipment(_shipment(row))
        classification = result.get("classification") or {}
        reasons = [str(r.get("rule_id") or r.get("title")) for r in result.get("reasons") or [] if isinstance(r, dict)]
        return {"outcome": result.get("outcome"), "license_required": result.get("license_required"),
                "eccn": classification.get("eccn") if isinstance(classification, dict) else None,
                "reasons": "; ".join(reasons)}
    when = _text(row, "ship_date")
    data = engine.classify_item(_text(row, "item") or "", parse_date(when, field="ship_date") if when else None)
    return {"outcome": f"classified: {data.get('status')}", "license_required": None, "eccn": data.get("eccn"),
            "reasons": "; ".join(str(r) for r in data.get("reasons") or [])}


def run_batch(input_path: Path, output_path: Path, progress: Callable[[float], None]) -> dict[str, Any]:
    frame = read_order_book(input_path)
    total = frame.height
    results: list[dict[str, Any]] = []
    outcomes: Counter[str] = Counter()
    progress(0.0)
    for index, row in enumerate(frame.iter_rows(named=True), start=1):
        out: dict[str, Any] = {"row": index, "order_id": _text(row, "order_id"), "item": _text(row, "item"),
                               "ship_date": _text(row, "ship_date"), "destination": _text(row, "destination"),
                               "outcome": None, "license_required": None, "eccn": None, "reasons": None,
                               "error": None}
        try:
            out.update(_decide(row))
        except ChipControlsError as error:
            out["error"] = error.message
        except (ValueError, TypeError) as error:
            out["error"] = f"row {index}: {error}"
        outcomes[str(out["outcome"] or "error")] += 1
        results.append(out)
        if index % 10 == 0 or index == total:
            progress(index / total)
    result_frame = pl.DataFrame(results, schema=_OUTPUT_SCHEMA)
    if output_path.suffix.lower() == ".parquet":
        result_frame.write_parquet(output_path)
    else:
        result_frame.write_csv(output_path)
    progress(1.0)
    return {"rows": total, "error_rows": outcomes.get("error", 0), "outcomes": dict(outcomes),
            "engine": "service (row by row)"}

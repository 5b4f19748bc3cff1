"""The service's own order-book runner, used until the engine's ``chipcontrols.batch.run_batch`` is installed.

Reads a CSV or Parquet order book with a ``chip`` column (also ``item`` or ``product``), and optionally
``as_of`` (or ``date``), ``customer`` (or ``party``) and ``country``; classifies each chip and screens
each customer; writes one result row per input row (CSV, or Parquet when the output name ends so).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from chipcontrols.dates import parse_date
from chipcontrols.errors import ChipControlsError, InputError

__all__ = ["read_order_book", "run_batch"]

_CHIP_COLUMNS = ("chip", "item", "product")
_DATE_COLUMNS = ("as_of", "date", "ship_date")
_PARTY_COLUMNS = ("customer", "party", "consignee")


def read_order_book(path: Path) -> pl.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            frame = pl.read_parquet(path)
        else:
            frame = pl.read_csv(path, infer_schema=False)
    except Exception as error:  # noqa: BLE001 - any reader failure is bad input
        raise InputError(f"Cannot read the order book {path.name!r}: {error}") from None
    return frame


def _first(row: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def run_batch(input_path: Path, output_path: Path, progress_callback: Callable[[int, int], None]) -> dict[str, Any]:
    from chipcontrols.api import engine

    frame = read_order_book(input_path)
    frame = frame.rename({name: name.strip().lower() for name in frame.columns})
    if not any(name in frame.columns for name in _CHIP_COLUMNS):
        raise InputError(f"The order book needs a column named one of {', '.join(_CHIP_COLUMNS)}.")
    total = frame.height
    results: list[dict[str, Any]] = []
    statuses: Counter[str] = Counter()
    progress_callback(0, total)
    for index, row in enumerate(frame.iter_rows(named=True), start=1):
        chip = _first(row, _CHIP_COLUMNS) or ""
        out: dict[str, Any] = {"row": index, "chip": chip, "eccn": None, "status": None, "tpp": None,
                               "screening_hits": None, "error": None}
        try:
            when = _first(row, _DATE_COLUMNS)
            data = engine.classify_item(chip, parse_date(when) if when else None)
            out["eccn"], out["status"] = data.get("eccn"), data.get("status")
            out["tpp"] = (data.get("metrics") or {}).get("tpp")
            if isinstance(out["tpp"], dict):
                out["tpp"] = out["tpp"].get("value")
            party = _first(row, _PARTY_COLUMNS)
            if party:
                hits = engine.screen_party(party, row.get("country") or None).get("hits") or []
                out["screening_hits"] = len(hits)
        except ChipControlsError as error:
            out["error"] = error.message
        statuses[str(out["status"] or "error")] += 1
        results.append(out)
        if index % 10 == 0 or index == total:
            progress_callback(index, total)
    result_frame = pl.DataFrame(results, schema={
        "row": pl.Int64, "chip": pl.String, "eccn": pl.String, "status": pl.String, "tpp": pl.Float64,
        "screening_hits": pl.Int64, "error": pl.String,
    })
    if output_path.suffix.lower() == ".parquet":
        result_frame.write_parquet(output_path)
    else:
        result_frame.write_csv(output_path)
    return {"rows": total, "by_status": dict(statuses), "errors": statuses.get("error", 0)}

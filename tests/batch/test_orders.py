"""Reading order books: bad files are refused with clear messages, bad rows become error rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from chipcontrols.batch.orders import REQUIRED_COLUMNS, normalise_orders, read_orders
from chipcontrols.batch.runner import determine_frame, run_batch
from chipcontrols.batch.writer import write_frame
from chipcontrols.errors import InputError


def _book(**overrides: list) -> pl.DataFrame:
    data = {
        "order_id": ["A1", "A2"],
        "item": ["H20", "H100"],
        "quantity": ["10", "4"],
        "unit_value_usd": ["12000", "27000"],
        "destination": ["CN", "DE"],
        "end_user": ["Hangzhou Lianxin Cloud Co., Ltd.", "Rheinland Rechenzentrum GmbH"],
        "end_user_country": ["CN", "DE"],
        "end_user_headquarters": ["CN", "DE"],
        "end_use": ["datacenter", "datacenter"],
        "ship_date": ["2025-05-01", "2025-05-01"],
    }
    data.update(overrides)
    return pl.DataFrame(data)


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "orders.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_orders(empty)


def test_missing_file_and_wrong_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_orders(tmp_path / "nope.csv")
    other = tmp_path / "orders.json"
    other.write_text("{}")
    with pytest.raises(InputError, match=r"\.csv or \.parquet"):
        read_orders(other)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    _book().drop("end_use", "ship_date").write_csv(path)
    with pytest.raises(InputError, match="end_use, ship_date"):
        read_orders(path)


def test_parquet_with_impossible_types_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    _book(quantity=[[1, 2], [3]]).write_parquet(path)
    with pytest.raises(InputError, match="quantity has type"):
        read_orders(path)


def test_corrupt_parquet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(InputError, match="not a readable Parquet"):
        read_orders(path)


def test_parquet_with_numbers_as_text_and_dates_as_dates(engine: str) -> None:
    book = _book(quantity=["10", "x"], ship_date=[dt.date(2025, 5, 1), dt.date(2025, 5, 2)])
    results = determine_frame(book, engine=engine)
    assert results["outcome"].to_list()[1] == "error"
    assert "quantity x is not a number" in results["error"].to_list()[1]


def test_bad_rows_become_error_rows_and_the_run_goes_on(engine: str) -> None:
    book = _book(
        order_id=["A1", "A2", "A3", "A4", "A5", "A6", "A7"],
        item=["H20", "Hopper X9000", "H100", "H100", "", "H100", "H100"],
        quantity=["10", "1", "0", "2.5", "1", "1", "1"],
        unit_value_usd=["1", "1", "1", "1", "1", "-5", "1"],
        destination=["CN", "DE", "DE", "DE", "DE", "DE", "D E"],
        end_user=["a"] * 7,
        end_user_country=["CN", "DE", "DE", "DE", "DE", "DE", "DE"],
        end_user_headquarters=["CN", "DE", "DE", "DE", "DE", "DE", "DE"],
        end_use=["datacenter"] * 7,
        ship_date=[
            "2025-05-01",
            "2025-05-01",
            "2025-05-01",
            "2025-05-01",
            "2025-05-01",
            "2025-05-01",
            "2025-05-01",
        ],
    )
    book = pl.concat([book, _book(order_id=["A8", "A9"], ship_date=["2025-13-01", None])])
    results = determine_frame(book, engine=engine)
    errors = dict(zip(results["order_id"], results["error"], strict=True))
    assert results["outcome"][0] != "error"
    assert "Hopper X9000" in errors["A2"]
    assert "whole number" in errors["A3"] and "whole number" in errors["A4"]
    assert "item is empty" in errors["A5"]
    assert "negative" in errors["A6"]
    assert "two-letter" in errors["A7"]
    assert "2025-13-01" in errors["A8"] and "(empty)" in errors["A9"]
    assert results.filter(pl.col("outcome") == "error")["license_required"].null_count() == 8


def test_normalise_keeps_input_columns() -> None:
    frame = normalise_orders(_book())
    assert all(name in frame.columns for name in REQUIRED_COLUMNS)
    assert frame["_value"].to_list() == [120000.0, 108000.0]


def test_failed_write_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "results.parquet"
    target.write_bytes(b"previous complete results")

    def broken(self: pl.DataFrame, path: object, **kwargs: object) -> None:
        Path(str(path)).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", broken)
    with pytest.raises(OSError):
        write_frame(_book(), target)
    assert target.read_bytes() == b"previous complete results"
    assert [p.name for p in tmp_path.iterdir()] == ["results.parquet"]


def test_output_formats_by_extension(tmp_path: Path, engine: str) -> None:
    source = tmp_path / "orders.csv"
    _book().write_csv(source)
    for name in ("out.csv", "out.parquet", "out.xlsx"):
        summary = run_batch(source, tmp_path / name, decision_engine=engine)
        assert summary.rows == 2 and summary.error_rows == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out.xlsx").active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[: len(REQUIRED_COLUMNS)] == list(REQUIRED_COLUMNS)
    assert "license_required" in header and "citations" in header
    csv = pl.read_csv(tmp_path / "out.csv")
    parquet = pl.read_parquet(tmp_path / "out.parquet")
    assert csv["outcome"].to_list() == parquet["outcome"].to_list()
    with pytest.raises(InputError, match=r"\.csv, \.parquet or \.xlsx"):
        run_batch(source, tmp_path / "out.json", decision_engine=engine)
    assert not (tmp_path / "out.json").exists()


def test_results_file_given_again_gets_fresh_answers(tmp_path: Path, engine: str) -> None:
    source = tmp_path / "orders.csv"
    _book().write_csv(source)
    run_batch(source, tmp_path / "first.parquet", decision_engine=engine)
    first = pl.read_parquet(tmp_path / "first.parquet")
    broken = first.with_columns(pl.lit("stale").alias("outcome"))
    broken.write_parquet(tmp_path / "stale.parquet")
    run_batch(tmp_path / "stale.parquet", tmp_path / "second.parquet", decision_engine=engine)
    assert pl.read_parquet(tmp_path / "second.parquet").equals(first)

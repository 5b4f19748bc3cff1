"""`chipcontrols batch` and `run_batch`: summary, progress, formats, error rows, nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from batch_helpers import EXAMPLES

from chipcontrols.batch.orders import REQUIRED_COLUMNS
from chipcontrols.batch.runner import OUTPUT_COLUMNS, run_batch
from chipcontrols.cli.app import main


def test_progress_reaches_one_and_summary_counts(tmp_path: Path, engine: str) -> None:
    seen: list[float] = []
    summary = run_batch(
        EXAMPLES / "orders_small.csv", tmp_path / "out.parquet", decision_engine=engine, progress=seen.append
    )
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    results = pl.read_parquet(tmp_path / "out.parquet")
    assert summary.rows == results.height == 200
    assert sum(summary.outcomes.values()) == 200
    assert list(results.columns[: len(REQUIRED_COLUMNS) + 1])[:2] == ["order_id", "item"]
    assert results.columns[-len(OUTPUT_COLUMNS) :] == list(OUTPUT_COLUMNS)
    assert summary.distinct_keys < 200


def test_batch_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.csv"
    assert main(["batch", str(EXAMPLES / "orders_small.csv"), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 200 and summary["engine"] == "local"
    results = pl.read_csv(out)
    assert set(results["outcome"].unique()) <= {
        "no_license_required",
        "license_required",
        "prohibited",
        "insufficient_data",
        "error",
    }
    assert (
        main(
            [
                "batch",
                str(EXAMPLES / "orders_small.csv"),
                "--out",
                str(tmp_path / "r.xlsx"),
                "--as-of",
                "2025-05-01",
            ]
        )
        == 0
    )
    assert "Determined 200 order lines" in capsys.readouterr().out


def test_batch_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["batch", str(empty), "--out", str(tmp_path / "r.csv")]) == 2
    assert "empty" in capsys.readouterr().err
    assert (
        main(
            [
                "batch",
                str(EXAMPLES / "orders_small.csv"),
                "--out",
                str(tmp_path / "r.csv"),
                "--as-of",
                "2025-13-01",
            ]
        )
        == 2
    )
    assert (
        main(
            [
                "batch",
                str(EXAMPLES / "orders_small.csv"),
                "--out",
                str(tmp_path / "r.csv"),
                "--engine",
                "dask",
            ]
        )
        == 2
    )
    assert not list(tmp_path.glob("r.*"))
    book = (
        pl.read_csv(EXAMPLES / "orders_small.csv", infer_schema=False)
        .head(5)
        .with_columns(
            pl.Series("item", ["H20", "Hopper X9000", "H100", "H100", "H100"]),
            pl.Series("ship_date", ["2025-05-01", "2025-05-01", "2025-02-30", "2025-05-01", "2025-05-01"]),
            pl.Series("destination", ["CN", "DE", "DE", "XX", "DE"]),
        )
    )
    source = tmp_path / "bad.csv"
    book.write_csv(source)
    assert main(["batch", str(source), "--out", str(tmp_path / "r.parquet")]) == 0
    printed = capsys.readouterr().out
    assert "3 row(s) could not be determined" in printed
    results = pl.read_parquet(tmp_path / "r.parquet")
    assert results["outcome"].to_list()[1:4] == ["error"] * 3
    assert "Hopper X9000" in results["error"][1] and "2025-02-30" in results["error"][2]
    assert "XX" in results["error"][3]

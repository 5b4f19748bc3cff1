"""The Spark engine gives exactly the local engine's results (one local[2] session, small books)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path

import polars as pl
import pytest

from chipcontrols.batch.runner import run_batch
from chipcontrols.batch.sample_orders import generate_orders

pytestmark = pytest.mark.spark

if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
    pytest.skip(
        "pyspark or Java is not installed (scripts/services.d/spark.sh installs them)",
        allow_module_level=True,
    )


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(pl.Categorical).cast(pl.String))


def test_spark_results_identical_to_local(tmp_path: Path, engine: str) -> None:
    """One test (one Spark session: its start-up dominates): Parquet and CSV in, Parquet and CSV out."""
    from chipcontrols.batch.spark_engine import get_spark, run_batch_spark

    spark = get_spark("local[2]")
    try:
        book = generate_orders(400, seed=7, bad_fraction=0.05)
        parquet, csv = tmp_path / "orders.parquet", tmp_path / "orders.csv"
        book.write_parquet(parquet)
        book.write_csv(csv)

        local = run_batch(parquet, tmp_path / "local.parquet", decision_engine=engine)
        distributed = run_batch_spark(
            parquet, tmp_path / "spark.parquet", decision_engine=engine, spark=spark
        )
        assert (tmp_path / "spark.parquet").is_dir()
        # The local engine writes the repeated decision texts as categories (Parquet dictionaries), Spark as
        # plain strings: the same text either way.
        expected = as_text(pl.read_parquet(tmp_path / "local.parquet"))
        got = as_text(pl.read_parquet(str(tmp_path / "spark.parquet" / "*.parquet")))
        assert got.schema == expected.schema
        assert got.equals(expected)
        assert distributed.outcomes == local.outcomes and distributed.error_rows > 0
        assert distributed.distinct_keys == local.distinct_keys

        run_batch(csv, tmp_path / "local.csv", decision_engine=engine, as_of="2025-05-01")
        run_batch_spark(
            csv, tmp_path / "spark.csv", decision_engine=engine, spark=spark, as_of=dt.date(2025, 5, 1)
        )
        assert pl.read_csv(tmp_path / "spark.csv").equals(pl.read_csv(tmp_path / "local.csv"))
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    finally:
        spark.stop()

"""The Spark engine gives exactly the local engine's results (local[2] session, small books)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from chipcontrols.batch.runner import run_batch
from chipcontrols.batch.sample_orders import generate_orders

from batch_helpers import HERE

pytestmark = pytest.mark.spark

if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
    pytest.skip("pyspark or Java is not installed (scripts/services.d/spark.sh installs them)", allow_module_level=True)


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    from chipcontrols.batch.spark_engine import get_spark

    # Spark's Python workers import the decision engine by name: let them find the test helpers too.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH", "")]))
    session = get_spark("local[2]")
    yield session
    session.stop()


@pytest.mark.parametrize("source_kind", ["parquet", "csv"])
def test_spark_results_identical_to_local(tmp_path: Path, spark: object, engine: str, source_kind: str) -> None:
    from chipcontrols.batch.spark_engine import run_batch_spark

    book = generate_orders(600, seed=7, bad_fraction=0.05)
    source = tmp_path / f"orders.{source_kind}"
    if source_kind == "parquet":
        book.write_parquet(source)
    else:
        book.write_csv(source)
    local = run_batch(source, tmp_path / "local.parquet", decision_engine=engine)
    distributed = run_batch_spark(source, tmp_path / "spark.parquet", decision_engine=engine, spark=spark)  # type: ignore[arg-type]
    assert (tmp_path / "spark.parquet").is_dir()
    expected = pl.read_parquet(tmp_path / "local.parquet")
    got = pl.read_parquet(str(tmp_path / "spark.parquet" / "*.parquet"))
    assert got.schema == expected.schema
    assert got.equals(expected)
    assert distributed.outcomes == local.outcomes
    assert distributed.distinct_keys == local.distinct_keys
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_spark_csv_output_and_as_of(tmp_path: Path, spark: object, engine: str) -> None:
    from chipcontrols.batch.spark_engine import run_batch_spark

    source = tmp_path / "orders.parquet"
    generate_orders(200, seed=3).write_parquet(source)
    run_batch(source, tmp_path / "local.csv", decision_engine=engine, as_of="2025-05-01")
    run_batch_spark(source, tmp_path / "spark.csv", decision_engine=engine, spark=spark, as_of=__import__("datetime").date(2025, 5, 1))  # type: ignore[arg-type]
    assert pl.read_csv(tmp_path / "spark.csv").equals(pl.read_csv(tmp_path / "local.csv"))

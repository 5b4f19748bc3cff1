"""The Apache Spark engine: the same pure core as the local engine, distributed with pyspark.

Spark does the data movement; every decision is made by the same Polars functions as the local engine,
applied with ``mapInArrow``, so the results are identical:

1. read the order book (Parquet or CSV, every CSV cell as text, like the local reader);
2. per partition, ``normalise_orders`` + rule epochs + the raw key text (``_k_*`` columns);
3. the distinct decision keys (``_k_*`` + epoch) via Spark, then ``decide_keys`` on each partition of
   keys, so each key is determined once per cluster, not once per row; the decisions (few) are
   gathered and broadcast back;
4. join the decisions to the rows (broadcast join: rows are not shuffled and keep their order),
   ``finalise_rows`` per partition;
5. write Parquet with Spark (a folder of part files, renamed into place when complete), or gather to the
   driver for CSV and Excel.

On a cluster, give the executors a Python environment with chipcontrols installed and submit
``examples/spark_submit_batch.py ORDERS RESULTS`` (which calls ``main``) with ``spark-submit``; see
docs/batch.md.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa

from chipcontrols.batch.core import DECISION_SCHEMA, DEFAULT_ENGINE, decide_keys, load_engine
from chipcontrols.batch.orders import (
    KEY_TEXT_COLUMNS,
    RESULT_COLUMNS,
    check_columns,
    normalise_orders,
    raw_key_expressions,
)
from chipcontrols.batch.runner import BatchSummary, add_epochs, finalise_rows
from chipcontrols.batch.writer import output_format, write_frame
from chipcontrols.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkResults", "determine_spark", "get_spark", "main", "read_orders_spark", "run_batch_spark"]

_KEYS = [f"_k_{name}" for name in KEY_TEXT_COLUMNS]
_ROW_COLUMNS = ("_row", "_as_of", "_epoch", "_quantity", "_unit_value", "_value", "_error")


def get_spark(master: str | None = None, app_name: str = "chipcontrols-batch") -> SparkSession:
    """The active Spark session, or a new one.

    Started by ``spark-submit``, the session takes the master and settings given there. Otherwise a local
    session (``local[2]`` unless ``master`` says otherwise) with settings for one machine: few shuffle
    partitions, no UI, a 4 GB driver (``CHIPCONTROLS_SPARK_DRIVER_MEMORY`` to change it).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "The Spark engine needs pyspark and Java 17: pip install 'chipcontrols[spark]'."
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app_name).config(
        "spark.sql.execution.arrow.pyspark.enabled", "true"
    )
    if "PYSPARK_GATEWAY_PORT" in os.environ and master is None:  # launched by spark-submit
        session = builder.getOrCreate()
    else:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        local = master or "local[2]"
        cores = re.match(r"local\[(\d+)\]", local)
        partitions = 2 * int(cores.group(1)) if cores else 2 * (os.cpu_count() or 2)
        session = (
            builder.master(local)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(partitions))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100000")
            .config("spark.sql.files.maxPartitionBytes", str(32 * 1024 * 1024))
            .config("spark.driver.memory", os.environ.get("CHIPCONTROLS_SPARK_DRIVER_MEMORY", "4g"))
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("ERROR")
    return session


def read_orders_spark(spark: SparkSession, path: str | Path) -> DataFrame:
    """Read a CSV or Parquet order book with Spark and check its columns like the local reader."""
    file = Path(path)
    text = str(path)
    remote = "://" in text  # hdfs://, s3a:// ...: checked by Spark itself
    if not remote and not file.exists():
        raise InputError(f"The order book {text!r} does not exist.")
    if not remote and file.is_file() and file.stat().st_size == 0:
        raise InputError(
            f"The order book {text!r} is empty (0 bytes); expected a CSV header line or Parquet data."
        )
    suffix = file.suffix.lower()
    try:
        if suffix in {".parquet", ".pq"} or (not remote and file.is_dir()):
            df = spark.read.parquet(text)
        elif suffix in {".csv", ".txt"}:
            df = spark.read.csv(text, header=True, inferSchema=False, multiLine=True, escape='"')
        else:
            raise InputError(f"The order book {text!r} must be a .csv or .parquet file (got {suffix!r}).")
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - reader failures are input problems
        raise InputError(f"The order book {text!r} cannot be read: {str(error).splitlines()[0]}") from None
    df = df.drop(*[name for name in RESULT_COLUMNS if name in df.columns])
    check_columns(_empty_like(df), text)
    return df


FrameStep = Callable[[pl.DataFrame], pl.DataFrame]


def _with_default_exporter_spark(df: DataFrame, exporter: str) -> DataFrame:
    """Spark twin of ``orders.with_default_exporter``."""
    from pyspark.sql import functions as F

    if "exporter" not in df.columns:
        return df.withColumn("exporter", F.lit(exporter))
    column = F.col("exporter").cast("string")
    return df.withColumn(
        "exporter", F.when(column.isNull() | (F.trim(column) == ""), F.lit(exporter)).otherwise(column)
    )


@dataclass
class SparkResults:
    """The results DataFrame and how many distinct keys were decided."""

    results: DataFrame
    distinct_keys: int


def _normalise_step(
    input_columns: list[str], as_of: dt.date | None, change_dates: list[dt.date]
) -> FrameStep:
    """Rows → input columns + raw key text (``_k_*``) + row-level internal columns (``_row`` kept)."""

    def step(frame: pl.DataFrame) -> pl.DataFrame:
        orders = frame.drop("_row")
        normalised = add_epochs(normalise_orders(orders, as_of=as_of), change_dates)
        keys = normalised.select(
            [
                expression.alias(f"_k_{name}")
                for expression, name in zip(raw_key_expressions(input_columns), KEY_TEXT_COLUMNS, strict=True)
            ]
        )
        internal = normalised.select(*_ROW_COLUMNS).with_columns(frame["_row"].alias("_row"))
        return pl.concat([orders, keys, internal], how="horizontal")

    return step


def _decide_step(codified: bool, engine: str) -> FrameStep:
    """Distinct keys → keys + decision columns (memoised within the partition)."""
    memo: dict[Any, Any] = {}

    def step(keys: pl.DataFrame) -> pl.DataFrame:
        renamed = keys.rename({f"_k_{name}": name for name in KEY_TEXT_COLUMNS})
        decided = decide_keys(renamed, codified=codified, engine=engine, memo=memo)
        return decided.rename({name: f"_k_{name}" for name in KEY_TEXT_COLUMNS}).select(
            *_KEYS, "_epoch", *DECISION_SCHEMA
        )

    return step


def _finalise_step(input_columns: list[str]) -> FrameStep:
    """Rows joined with decisions → input columns + output columns + ``_row``."""

    def step(joined: pl.DataFrame) -> pl.DataFrame:
        return finalise_rows(joined, input_columns).with_columns(joined["_row"])

    return step


def _on_batches(step: FrameStep) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """A ``mapInArrow`` function applying a Polars step to each Arrow batch."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            yield from step(frame).to_arrow().to_batches()

    return run


def _empty_like(df: DataFrame) -> pl.DataFrame:
    from pyspark.sql.pandas.types import to_arrow_schema

    frame = pl.from_arrow(to_arrow_schema(df.schema).empty_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def _spark_schema(frame: pl.DataFrame) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(frame.to_arrow().schema)


def _map(df: DataFrame, step: FrameStep) -> DataFrame:
    """Apply a Polars step to every partition; the output schema comes from running it on no rows."""
    return df.mapInArrow(_on_batches(step), _spark_schema(step(_empty_like(df))))


def determine_spark(
    df: DataFrame,
    *,
    as_of: dt.date | None = None,
    codified: bool = False,
    decision_engine: str = DEFAULT_ENGINE,
) -> SparkResults:
    """Results of an order book (input columns + output columns, in input order) and the number of keys.

    The distinct keys are decided on the executors and gathered on the driver (they are few: one per
    item, party, end use and rule epoch), then broadcast back to every partition of rows, so the rows
    themselves are never shuffled and keep their input order. The rows are normalised twice (for the
    keys, then for the results) rather than cached: on large books that is faster than caching them.
    """
    from pyspark.sql import functions as F

    session = df.sparkSession
    input_columns = list(df.columns)
    change_dates = load_engine(decision_engine).change_dates(codified)
    rows = _map(
        df.withColumn("_row", F.monotonically_increasing_id()),
        _normalise_step(input_columns, as_of, change_dates),
    )
    keys = rows.where(F.col("_error").isNull()).groupBy(*_KEYS, "_epoch").agg(F.min("_as_of").alias("_as_of"))
    decided = _map(keys, _decide_step(codified, decision_engine)).toArrow()
    decisions = (
        session.createDataFrame(decided)
        if decided.num_rows
        else session.createDataFrame(
            [], schema=_spark_schema(_decide_step(codified, decision_engine)(_empty_like(keys)))
        )
    )
    joined = rows.join(F.broadcast(decisions), on=[*_KEYS, "_epoch"], how="left")
    results = _map(joined, _finalise_step(input_columns)).sortWithinPartitions("_row").drop("_row")
    return SparkResults(results, decided.num_rows)


def run_batch_spark(
    input_path: str | Path,
    output_path: str | Path,
    *,
    as_of: dt.date | None = None,
    codified: bool = False,
    decision_engine: str = DEFAULT_ENGINE,
    progress: Callable[[float], None] | None = None,
    spark: SparkSession | None = None,
    exporter: str | None = None,
) -> BatchSummary:
    """The Spark counterpart of ``runner.run_batch``: same results, written atomically.

    Parquet output is a folder of part files in input order (Spark's way); CSV and Excel are gathered on
    the driver. A local output is written beside its target and renamed into place when complete; an
    output URI (``hdfs://``, ``s3a://`` ...) is written by Spark's own committer.
    """
    from pyspark.sql import functions as F

    report = progress or (lambda fraction: None)
    started = time.perf_counter()
    kind = output_format(output_path)
    session = spark or get_spark()
    report(0.0)
    df = read_orders_spark(session, input_path)
    if exporter:
        df = _with_default_exporter_spark(df, exporter)
    determined = determine_spark(df, as_of=as_of, codified=codified, decision_engine=decision_engine)
    results, distinct = determined.results, determined.distinct_keys
    report(0.5)
    text = str(output_path)
    sample_columns = [c for c in ("order_id", "error") if c in df.columns or c == "error"]
    if kind == "parquet" and "://" in text:
        results.write.mode("overwrite").parquet(text)
        written = session.read.parquet(text)
    elif kind == "parquet":
        target = Path(output_path)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise InputError(f"Cannot write {text!r}: the folder {str(folder)!r} does not exist.")
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=folder))
        try:
            results.write.mode("overwrite").parquet(str(temporary))
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            os.replace(temporary, target)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        written = session.read.parquet(str(target))
    else:
        frame = pl.from_arrow(results.toArrow())
        assert isinstance(frame, pl.DataFrame)
        write_frame(frame, output_path)
        written = None
        counts = frame.group_by("outcome").len()
        outcomes = {str(r["outcome"]): int(r["len"]) for r in counts.iter_rows(named=True)}
        errors = frame.filter(pl.col("outcome") == "error").select(sample_columns).head(5).to_dicts()
    if written is not None:
        outcomes = {str(r["outcome"]): int(r["count"]) for r in written.groupBy("outcome").count().collect()}
        errors = [
            r.asDict()
            for r in written.where(F.col("outcome") == "error").select(*sample_columns).limit(5).collect()
        ]
    report(1.0)
    return BatchSummary(
        input_path=str(input_path),
        output_path=text,
        engine="spark",
        rows=sum(outcomes.values()),
        error_rows=outcomes.get("error", 0),
        outcomes=dict(sorted(outcomes.items())),
        distinct_keys=distinct,
        seconds=round(time.perf_counter() - started, 3),
        errors_sample=errors,
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point for spark-submit and ``python -m``: ORDERS RESULTS [--as-of DATE] [--codified] [--master M]."""
    import argparse
    import json

    from chipcontrols.dates import parse_date
    from chipcontrols.errors import ChipControlsError

    parser = argparse.ArgumentParser(prog="chipcontrols.batch.spark_engine", description=main.__doc__)
    parser.add_argument("orders", help="order book: Parquet (file or folder) or CSV; local path or URI")
    parser.add_argument("results", help="results: .parquet (a folder of part files), .csv or .xlsx")
    parser.add_argument(
        "--as-of", default=None, help="determine every row as of this date, not its ship_date"
    )
    parser.add_argument("--codified", action="store_true", help="use the rules as codified, not as enforced")
    parser.add_argument("--exporter", default=None, help="exporter of the rows that name none")
    parser.add_argument(
        "--master", default=None, help="Spark master when not run by spark-submit (default local[2])"
    )
    args = parser.parse_args(argv)
    try:
        run_as_of = parse_date(args.as_of, field="--as-of") if args.as_of else None
        session = get_spark(args.master)
        summary = run_batch_spark(
            args.orders,
            args.results,
            as_of=run_as_of,
            codified=args.codified,
            spark=session,
            exporter=args.exporter,
        )
    except ChipControlsError as error:
        print(f"Error: {error.message}", file=sys.stderr)
        return error.exit_code
    print(json.dumps(summary.to_dict(), indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The local batch engine: determine a whole order book with Polars, one ``determine()`` per distinct key.

Steps, all columnar except the call per distinct decision key:

1. read and normalise the order book (``orders.py``); rows with bad values get an error message;
2. map each row's date to its rule epoch (an index into the sorted rule-change dates);
3. take the distinct decision keys and decide each once (``core.decide_keys``);
4. join the decisions back to the rows, keep every input column, add the result columns;
5. write CSV, Parquet or Excel atomically (``writer.py``).

``run_batch`` is the entry point for the command line and the service; ``determine_frame`` works on a
frame in memory (used by impact analysis and the tests).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl

from chipcontrols.batch.core import DECISION_COLUMNS, DEFAULT_ENGINE, decide_keys, load_engine
from chipcontrols.batch.orders import (
    KEY_TEXT_COLUMNS,
    RESULT_COLUMNS,
    normalise_orders,
    raw_key_expressions,
    read_orders,
    with_default_exporter,
    without_result_columns,
)
from chipcontrols.batch.writer import write_frame
from chipcontrols.dates import parse_date
from chipcontrols.errors import InputError

__all__ = [
    "OUTPUT_COLUMNS",
    "BatchSummary",
    "add_epochs",
    "add_key_hashes",
    "assemble_results",
    "determine_frame",
    "distinct_keys",
    "finalise_rows",
    "prepare",
    "run_batch",
    "summarise",
]

OUTPUT_COLUMNS: tuple[str, ...] = RESULT_COLUMNS

Progress = Callable[[float], None]


@dataclass
class BatchSummary:
    """What a batch run did: row counts by outcome, distinct keys decided, time taken."""

    input_path: str
    output_path: str
    engine: str
    rows: int
    error_rows: int
    outcomes: dict[str, int]
    distinct_keys: int
    seconds: float
    errors_sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok_rows(self) -> int:
        return self.rows - self.error_rows

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok_rows"] = self.ok_rows
        return data


def add_epochs(frame: pl.DataFrame, change_dates: list[dt.date]) -> pl.DataFrame:
    """Add ``_epoch``: the number of rule-change dates on or before the row's ``_as_of``."""
    boundaries = pl.Series("boundaries", change_dates, dtype=pl.Date)
    dates = frame["_as_of"].fill_null(dt.date(1970, 1, 1))
    epochs = boundaries.search_sorted(dates, side="right").cast(pl.Int32)
    return frame.with_columns(epochs.alias("_epoch"))


def add_key_hashes(frame: pl.DataFrame, input_columns: list[str]) -> pl.DataFrame:
    """Add ``_h1``/``_h2``: two independently seeded 64-bit hashes of the row's raw key text.

    Grouping and joining on 128 bits of hash instead of seven text columns makes the local engine several
    times faster; two different keys would have to collide in both hashes (odds about 1e-29 for 100,000
    distinct keys) to be confused.
    """
    raw = pl.struct(
        [
            pl.col(name) if name in input_columns else pl.lit("", dtype=pl.String).alias(name)
            for name in KEY_TEXT_COLUMNS
        ]
    )
    return frame.with_columns(raw.hash(seed=11).alias("_h1"), raw.hash(seed=29).alias("_h2"))


def distinct_keys(frame: pl.DataFrame, input_columns: list[str]) -> pl.DataFrame:
    """One row per distinct decision key among the rows without their own error, with a date in its epoch."""
    keys = (
        frame.lazy()
        .filter(pl.col("_error").is_null())
        .group_by("_h1", "_h2", "_epoch")
        .agg(pl.col("_row").first().alias("_first_row"), pl.col("_as_of").min())
        .sort("_h1", "_h2", "_epoch")
        .collect()
    )
    texts = frame.select(raw_key_expressions(input_columns)).gather(keys["_first_row"])
    return pl.concat([keys.drop("_first_row"), texts], how="horizontal")


def assemble_results(frame: pl.DataFrame, decisions: pl.DataFrame, input_columns: list[str]) -> pl.DataFrame:
    """Join decisions back to the rows; return the input columns plus ``OUTPUT_COLUMNS`` in input order."""
    decided = as_categories(decisions.select("_h1", "_h2", "_epoch", *DECISION_COLUMNS))
    joined = frame.join(decided, on=["_h1", "_h2", "_epoch"], how="left", maintain_order="left")
    return finalise_rows(joined, input_columns)


def as_categories(frame: pl.DataFrame) -> pl.DataFrame:
    """Text result columns as categories: a few thousand distinct decisions repeated over millions of rows
    are carried and written (Parquet dictionary pages) as small integers. CSV and Excel hold the same text."""
    text_columns = [name for name in frame.columns if name in OUTPUT_COLUMNS and frame.schema[name] == pl.String]
    return frame.with_columns(pl.col(name).cast(pl.Categorical) for name in text_columns)


def finalise_rows(joined: pl.DataFrame, input_columns: list[str]) -> pl.DataFrame:
    """From rows joined with their decisions: apply row errors, keep input columns, add ``OUTPUT_COLUMNS``.

    Shared by the local and the Spark engine (which calls it on each partition).
    """
    kept = [name for name in input_columns if name not in OUTPUT_COLUMNS]
    row_failed = joined["_error"].is_not_null()
    if row_failed.any():
        outputs = [
            pl.when(row_failed).then(None).otherwise(pl.col(name)).alias(name)
            for name in ("license_required", "reasons", "citations", "review_policy", "party_hits", "eccn")
        ]
        joined = joined.with_columns(
            *outputs,
            pl.when(row_failed).then(pl.lit("error")).otherwise(pl.col("outcome")).alias("outcome"),
            pl.coalesce("_error", "_key_error").alias("error"),
        )
    else:
        joined = joined.with_columns(pl.col("_key_error").alias("error"))
    return joined.select(*kept, *OUTPUT_COLUMNS)


def prepare(orders: pl.DataFrame, *, as_of: dt.date | None, change_dates: list[dt.date]) -> pl.DataFrame:
    """Row-level internal columns, rule epochs and key hashes of an order book."""
    return add_key_hashes(add_epochs(normalise_orders(orders, as_of=as_of), change_dates), orders.columns)


def determine_frame(
    orders: pl.DataFrame,
    *,
    as_of: dt.date | None = None,
    codified: bool = False,
    engine: str = DEFAULT_ENGINE,
    progress: Callable[[int, int], None] | None = None,
    keep_internal: bool = False,
    memo: dict[Any, Any] | None = None,
) -> pl.DataFrame:
    """Determine every row of an order book in memory; returns the results frame.

    With ``keep_internal`` the internal columns (``_as_of``, ``_quantity``, ``_value``, ``_epoch``) are kept.
    """
    core = load_engine(engine)
    orders = without_result_columns(orders)
    frame = prepare(orders, as_of=as_of, change_dates=core.change_dates(codified))
    keys = distinct_keys(frame, orders.columns)
    decisions = decide_keys(keys, codified=codified, engine=engine, progress=progress, memo=memo)
    results = assemble_results(frame, decisions, orders.columns)
    if keep_internal:
        internal = frame.select("_row", "_as_of", "_epoch", "_quantity", "_unit_value", "_value")
        return pl.concat([results, internal], how="horizontal")
    return results


def summarise(
    results: pl.DataFrame, *, input_path: str, output_path: str, engine: str, keys: int, seconds: float
) -> BatchSummary:
    counts = results.group_by("outcome").len().sort("outcome")
    outcomes = {str(row["outcome"]): int(row["len"]) for row in counts.iter_rows(named=True)}
    errors = results.filter(pl.col("outcome") == "error")
    sample_columns = [name for name in ("order_id", "error") if name in errors.columns]
    return BatchSummary(
        input_path=input_path,
        output_path=output_path,
        engine=engine,
        rows=results.height,
        error_rows=errors.height,
        outcomes=outcomes,
        distinct_keys=keys,
        seconds=round(seconds, 3),
        errors_sample=errors.select(sample_columns).head(5).to_dicts(),
    )


def run_batch(
    input_path: str | Path,
    output_path: str | Path,
    *,
    as_of: str | dt.date | None = None,
    engine: Literal["local", "spark"] = "local",
    progress: Progress | None = None,
    codified: bool = False,
    decision_engine: str = DEFAULT_ENGINE,
    exporter: str | None = None,
) -> BatchSummary:
    """Determine every order line of ``input_path`` and write the results to ``output_path``.

    ``progress`` receives the fraction done (0.0 … 1.0). ``exporter`` fills rows without one. Nothing is
    written unless the whole run succeeds.
    """
    run_as_of = parse_date(as_of, field="--as-of") if as_of is not None else None
    if engine == "spark":
        from chipcontrols.batch.spark_engine import run_batch_spark

        return run_batch_spark(
            input_path,
            output_path,
            as_of=run_as_of,
            codified=codified,
            decision_engine=decision_engine,
            progress=progress,
            exporter=exporter,
        )
    if engine != "local":
        raise InputError(f"--engine must be 'local' or 'spark' (got {engine!r}).")
    started = time.perf_counter()
    report = progress or (lambda fraction: None)
    report(0.0)
    orders = with_default_exporter(read_orders(input_path), exporter)
    report(0.05)
    core = load_engine(decision_engine)
    frame = prepare(orders, as_of=run_as_of, change_dates=core.change_dates(codified))
    keys = distinct_keys(frame, orders.columns)
    report(0.1)

    def keys_done(done: int, total: int) -> None:
        report(0.1 + 0.7 * done / max(total, 1))

    decisions = decide_keys(keys, codified=codified, engine=decision_engine, progress=keys_done)
    results = assemble_results(frame, decisions, orders.columns)
    report(0.85)
    write_frame(results, output_path)
    report(1.0)
    return summarise(
        results,
        input_path=str(input_path),
        output_path=str(output_path),
        engine="local",
        keys=keys.height,
        seconds=time.perf_counter() - started,
    )


def result_columns(frame: pl.DataFrame) -> list[str]:
    """The decision columns present in a results frame (for comparisons)."""
    return [name for name in OUTPUT_COLUMNS if name in frame.columns]

"""Reading and validating order books (CSV or Parquet) into one normalised, columnar frame.

An order book has one row per order line with the columns in ``REQUIRED_COLUMNS``; ``export_from``
(default US) and ``exporter`` (the company exporting: company-specific "is-informed" letters bind only
their addressee) are optional. ``read_orders`` refuses a file that cannot be an order book at all (missing,
empty, unreadable, missing columns, a column of an impossible type) with an ``InputError``;
``normalise_orders`` then turns every row into typed internal columns, and a row whose own values are
bad (an unreadable date, a quantity that is not a whole number ...) gets a message in ``_error`` instead
of stopping the run. Everything here is column expressions: no Python loop over rows.

Row-level internal columns (dropped before writing) all start with an underscore::

    _row            position of the row in the input (keeps the output in input order)
    _as_of          the date the row is determined as of (``ship_date``, or the run's ``--as-of``)
    _quantity       whole number of units (Int64)
    _unit_value     US dollars per unit (Float64)
    _value          _quantity × _unit_value
    _error          the row's own problem, or null

The decision-key text columns (``KEY_TEXT_COLUMNS``) are normalised per distinct key, not per row
(``normalise_key_expressions``): the key's own problems (empty item, bad country code) are found there.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from chipcontrols.errors import InputError

__all__ = [
    "KEY_TEXT_COLUMNS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "RESULT_COLUMNS",
    "as_of_expression",
    "check_columns",
    "key_error_expression",
    "normalise_key_expressions",
    "normalise_orders",
    "raw_key_expressions",
    "read_orders",
    "read_table",
    "with_default_exporter",
    "without_result_columns",
]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "order_id",
    "item",
    "quantity",
    "unit_value_usd",
    "destination",
    "end_user",
    "end_user_country",
    "end_user_headquarters",
    "end_use",
    "ship_date",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("export_from", "exporter")

# The input columns a determination depends on (besides the date); a row's decision key is these plus
# its rule epoch. Country codes are compared upper-cased, the end use lower-cased, all trimmed.
KEY_TEXT_COLUMNS: tuple[str, ...] = (
    "item",
    "exporter",
    "export_from",
    "destination",
    "end_user",
    "end_user_country",
    "end_user_headquarters",
    "end_use",
)
_CODE_COLUMNS = {"export_from", "destination", "end_user_country", "end_user_headquarters"}

_TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum)
_NUMBER_TYPES = (
    pl.Int8,
    pl.Int16,
    pl.Int32,
    pl.Int64,
    pl.UInt8,
    pl.UInt16,
    pl.UInt32,
    pl.UInt64,
    pl.Float32,
    pl.Float64,
)


def read_table(path: str | Path, *, what: str = "order book") -> pl.DataFrame:
    """Read a CSV or Parquet file as it is (CSV cells as text). Raises InputError for unusable files."""
    file = Path(path)
    if file.is_dir() and any(file.glob("*.parquet")):  # a Parquet dataset written by Spark
        try:
            return pl.read_parquet(str(file / "*.parquet"))
        except Exception as error:  # noqa: BLE001 - any reader failure is a user-facing input problem
            raise InputError(f"The {what} {str(file)!r} is not a readable Parquet dataset: {error}") from None
    if not file.is_file():
        raise InputError(f"The {what} {str(file)!r} does not exist.")
    if file.stat().st_size == 0:
        raise InputError(
            f"The {what} {str(file)!r} is empty (0 bytes); expected a CSV header line or Parquet data."
        )
    suffix = file.suffix.lower()
    try:
        if suffix in {".parquet", ".pq"}:
            return pl.read_parquet(file)
        if suffix in {".csv", ".txt"}:
            return pl.read_csv(file, infer_schema=False)
    except Exception as error:  # noqa: BLE001 - any reader failure is a user-facing input problem
        kind = "Parquet" if suffix in {".parquet", ".pq"} else "CSV"
        raise InputError(f"The {what} {str(file)!r} is not a readable {kind} file: {error}") from None
    raise InputError(
        f"The {what} {str(file)!r} must be a .csv or .parquet file (got {suffix or 'no extension'!r})."
    )


def read_orders(path: str | Path) -> pl.DataFrame:
    """Read an order book and check that it has the required columns with usable types.

    Columns named like the result columns (``outcome`` …) are dropped: they will be written afresh.
    """
    frame = without_result_columns(read_table(path))
    check_columns(frame, str(path))
    return frame


RESULT_COLUMNS: tuple[str, ...] = (
    "license_required",
    "outcome",
    "reasons",
    "citations",
    "review_policy",
    "party_hits",
    "eccn",
    "error",
)


def without_result_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop columns that the results will write (a results file given again as input gets fresh answers)."""
    return frame.drop([name for name in RESULT_COLUMNS if name in frame.columns])


def with_default_exporter(frame: pl.DataFrame, exporter: str | None) -> pl.DataFrame:
    """Fill empty ``exporter`` cells (or add the column) with ``exporter``; unchanged when it is None."""
    if not exporter:
        return frame
    if "exporter" in frame.columns:
        column = pl.col("exporter").cast(pl.String)
        return frame.with_columns(
            pl.when(column.is_null() | (column.str.strip_chars() == ""))
            .then(pl.lit(exporter))
            .otherwise(column)
            .alias("exporter")
        )
    return frame.with_columns(pl.lit(exporter, dtype=pl.String).alias("exporter"))


def check_columns(frame: pl.DataFrame, origin: str = "order book") -> None:
    """Raise InputError naming every missing column, or a column whose type can never hold its values."""
    missing = [name for name in REQUIRED_COLUMNS if name not in frame.columns]
    if missing:
        raise InputError(
            f"The order book {origin!r} lacks the column(s) {', '.join(missing)}. "
            f"Required columns: {', '.join(REQUIRED_COLUMNS)} (optional: {', '.join(OPTIONAL_COLUMNS)})."
        )
    problems = []
    for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
        if name not in frame.columns:
            continue
        dtype = frame.schema[name]
        if name in {"quantity", "unit_value_usd"}:
            ok = isinstance(dtype, _TEXT_TYPES + _NUMBER_TYPES) or dtype == pl.Null
        elif name == "ship_date":
            ok = isinstance(dtype, _TEXT_TYPES + (pl.Date, pl.Datetime)) or dtype == pl.Null
        else:
            ok = isinstance(dtype, _TEXT_TYPES + _NUMBER_TYPES) or dtype == pl.Null
        if not ok:
            problems.append(f"{name} has type {dtype}")
    if problems:
        raise InputError(
            f"The order book {origin!r} has columns of the wrong type: {'; '.join(problems)}. "
            "quantity and unit_value_usd must be numbers, ship_date a date or YYYY-MM-DD text, the others text."
        )


def as_of_expression(frame: pl.DataFrame, as_of: dt.date | None) -> pl.Expr:
    """The date each row is determined as of: ``as_of`` for all rows, else the row's ``ship_date`` (null if bad)."""
    if as_of is not None:
        return pl.lit(as_of, dtype=pl.Date)
    dtype = frame.schema["ship_date"]
    column = pl.col("ship_date")
    if dtype == pl.Date:
        return column
    if isinstance(dtype, pl.Datetime):
        return column.dt.date()
    if dtype == pl.Null:
        return pl.lit(None, dtype=pl.Date)
    return column.cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)


def _number_expr(frame: pl.DataFrame, name: str) -> pl.Expr:
    dtype = frame.schema[name]
    column = pl.col(name)
    if isinstance(dtype, _TEXT_TYPES):
        column = column.cast(pl.String).str.strip_chars().str.replace_all(",", "")
    return column.cast(pl.Float64, strict=False)


def raw_key_expressions(columns: list[str]) -> list[pl.Expr]:
    """The decision-key text columns exactly as given (text, "" when empty); export_from defaults to ""."""
    expressions = []
    for name in KEY_TEXT_COLUMNS:
        if name in columns:
            expressions.append(pl.col(name).cast(pl.String).fill_null("").alias(name))
        else:
            expressions.append(pl.lit("", dtype=pl.String).alias(name))
    return expressions


def normalise_key_expressions() -> list[pl.Expr]:
    """Normalised decision-key columns (``_item`` …) from the raw ones: trimmed, codes case-folded."""
    expressions = []
    for name in KEY_TEXT_COLUMNS:
        text = pl.col(name).cast(pl.String).fill_null("").str.strip_chars()
        if name in _CODE_COLUMNS:
            text = text.str.to_uppercase()
        elif name == "end_use":
            text = text.str.to_lowercase()
        if name == "export_from":
            text = pl.when(text == "").then(pl.lit("US")).otherwise(text)
        expressions.append(text.alias(f"_{name}"))
    return expressions


def key_error_expression() -> pl.Expr:
    """The problem of a normalised key that makes every row with it an error row, or null."""
    return (
        pl.when(pl.col("_item") == "")
        .then(pl.lit("item is empty; give a catalogue id or a common chip name."))
        .when(~pl.col("_destination").str.contains(r"^[A-Z]{2}$"))
        .then(pl.format("destination {} is not a two-letter ISO 3166-1 country code.", pl.col("destination")))
        .when(~pl.col("_export_from").str.contains(r"^[A-Z]{2}$"))
        .then(pl.format("export_from {} is not a two-letter ISO 3166-1 country code.", pl.col("export_from")))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def normalise_orders(
    frame: pl.DataFrame, *, as_of: dt.date | None = None, first_row: int = 0
) -> pl.DataFrame:
    """Add the row-level internal columns (see the module docstring); the input columns are kept unchanged.

    ``first_row`` is the input position of the frame's first row (for engines reading in pieces).
    Row-level problems (number, date) get their message in ``_error``; messages are built only for the
    rows that have one, so a clean book costs a few vectorised passes.
    """
    quantity = _number_expr(frame, "quantity")
    unit_value = _number_expr(frame, "unit_value_usd")
    result = frame.with_columns(
        pl.int_range(first_row, first_row + frame.height, dtype=pl.Int64).alias("_row"),
        as_of_expression(frame, as_of).alias("_as_of"),
        quantity.alias("_quantity_raw"),
        unit_value.alias("_unit_value"),
    )
    bad_quantity = (
        pl.col("_quantity_raw").is_null()
        | (pl.col("_quantity_raw") < 1)
        | (pl.col("_quantity_raw") != pl.col("_quantity_raw").floor())
    )
    bad_value = (
        pl.col("_unit_value").is_null() | ~pl.col("_unit_value").is_finite() | (pl.col("_unit_value") < 0)
    )
    problem = result.select((bad_quantity | bad_value | pl.col("_as_of").is_null()).alias("p"))["p"]
    errors = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias("_error")
    if problem.any():
        where = problem.arg_true()
        ship_text = pl.col("ship_date").cast(pl.String).fill_null("(empty)")
        messages = result[where].select(
            pl.when(pl.col("_quantity_raw").is_null())
            .then(
                pl.format(
                    "quantity {} is not a number.", pl.col("quantity").cast(pl.String).fill_null("(empty)")
                )
            )
            .when(bad_quantity)
            .then(
                pl.format(
                    "quantity {} must be a whole number of units, at least 1.",
                    pl.col("quantity").cast(pl.String),
                )
            )
            .when(pl.col("_unit_value").is_null() | ~pl.col("_unit_value").is_finite())
            .then(
                pl.format(
                    "unit_value_usd {} is not a number.",
                    pl.col("unit_value_usd").cast(pl.String).fill_null("(empty)"),
                )
            )
            .when(pl.col("_unit_value") < 0)
            .then(pl.format("unit_value_usd {} is negative.", pl.col("unit_value_usd").cast(pl.String)))
            .otherwise(
                pl.format(
                    "ship_date {} is not a valid date; write it as YYYY-MM-DD (for example 2025-04-20).",
                    ship_text,
                )
            )
            .alias("_error")
        )["_error"]
        errors = errors.scatter(where, messages)
    return (
        result.with_columns(
            errors,
            pl.col("_quantity_raw").cast(pl.Int64, strict=False).alias("_quantity"),
        )
        .with_columns(
            (pl.col("_quantity").cast(pl.Float64) * pl.col("_unit_value")).alias("_value"),
        )
        .drop("_quantity_raw")
    )

"""Atomic writing of result tables: CSV, Parquet or Excel chosen by the file extension.

The table is written to a temporary file beside the target and renamed over it only when complete,
so a failed or interrupted run never leaves a half-written results file (and never destroys an
earlier complete one).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl

from chipcontrols.errors import InputError

__all__ = ["EXCEL_MAX_ROWS", "FORMATS", "atomic_path", "output_format", "write_frame"]

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
EXCEL_MAX_ROWS = 1_048_575  # one row of the sheet is the header


def output_format(path: str | Path) -> str:
    """``csv``, ``parquet`` or ``xlsx`` from the extension; InputError for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"Cannot write {str(path)!r}: the output file must end in .csv, .parquet or .xlsx (got {suffix or 'no extension'!r})."
        )
    return FORMATS[suffix]


def atomic_path(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary_path)`` then rename the temporary file (or folder) to ``path``."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"Cannot write {str(target)!r}: the folder {str(folder)!r} does not exist.")
    handle, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        write(temporary)
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(temporary, target)
    except BaseException:
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            temporary.unlink(missing_ok=True)
        raise


def _write_excel(frame: pl.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row))
    workbook.save(path)


def write_frame(frame: pl.DataFrame, path: str | Path) -> None:
    """Write ``frame`` to ``path`` (format from the extension), atomically."""
    kind = output_format(path)
    if kind == "xlsx" and frame.height > EXCEL_MAX_ROWS:
        raise InputError(
            f"Cannot write {str(path)!r}: {frame.height:,} rows do not fit in an Excel sheet "
            f"(at most {EXCEL_MAX_ROWS:,}); write .parquet or .csv instead."
        )

    def write(temporary: Path) -> None:
        if kind == "csv":
            frame.write_csv(temporary)
        elif kind == "parquet":
            frame.write_parquet(temporary, compression="zstd", statistics=False)
        else:
            _write_excel(frame, temporary)

    atomic_path(path, write)

"""Reader for the official trade.gov consolidated.csv (29 columns; some copies repeat the header on line 2)."""

from __future__ import annotations

import csv
import io

from chipcontrols.errors import ListDataError
from chipcontrols.screening.model import ListEntry
from chipcontrols.screening.readers.csl_row import CSL_COLUMNS, entry_from_csl_record

__all__ = ["read_csl_csv"]

_REQUIRED = ("source", "name")


def read_csl_csv(text: str, origin: str = "CSV file") -> list[ListEntry]:
    """Every row of the file as entries; any malformed or truncated row refuses the whole file."""
    if not text.strip():
        raise ListDataError(f"{origin} is empty. Nothing was imported.")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise ListDataError(f"{origin}: cannot read the header line ({error}). Nothing was imported.") from None
    header = [h.strip() for h in header]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise ListDataError(
            f"{origin}: the header has no {', '.join(missing)} column; expected the {len(CSL_COLUMNS)}-column "
            "trade.gov layout. Nothing was imported."
        )
    entries: list[ListEntry] = []
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if [c.strip() for c in row] == header:  # repeated header line
                continue
            if len(row) != len(header):
                raise ListDataError(
                    f"{origin}, line {line}: {len(row)} fields where the header has {len(header)}; the file is "
                    "truncated or malformed. Nothing was imported."
                )
            entries.append(entry_from_csl_record(dict(zip(header, row, strict=True)), f"{origin}, line {line}"))
    except csv.Error as error:
        raise ListDataError(
            f"{origin}, line {reader.line_num}: {error} (truncated file?). Nothing was imported."
        ) from None
    if not entries:
        raise ListDataError(f"{origin} has a header but no rows. Nothing was imported.")
    return entries

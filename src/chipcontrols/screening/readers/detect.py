"""Format detection: one entry point that reads any supported list file from bytes or a path."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from chipcontrols.errors import ListDataError
from chipcontrols.screening.model import ListEntry
from chipcontrols.screening.readers.compact import is_compact_document, read_compact
from chipcontrols.screening.readers.csl_csv import read_csl_csv
from chipcontrols.screening.readers.csl_json import csl_json_generated_at, read_csl_json
from chipcontrols.screening.readers.ftm import looks_like_ftm, read_ftm_lines

__all__ = ["ListFile", "detect_format", "read_list_bytes", "read_list_path"]

FORMATS = ("csl-csv", "csl-json", "compact", "ftm")


@dataclass(frozen=True, slots=True)
class ListFile:
    """What a reader got out of one file."""

    format: str
    entries: list[ListEntry]
    generated_at: str  # "" when the file does not say


def _decode(data: bytes, origin: str) -> str:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise ListDataError(f"{origin}: broken gzip data ({error}). Nothing was imported.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ListDataError(f"{origin}: not UTF-8 text ({error}). Nothing was imported.") from None


def detect_format(text: str) -> str:
    stripped = text.lstrip()
    if not stripped:
        return "empty"
    first_line = stripped.split("\n", 1)[0]
    if stripped[0] == "{" and looks_like_ftm(first_line) and "\n" in stripped.strip():
        return "ftm"
    if stripped[0] in "[{":
        return "json"
    return "csl-csv"


def read_list_bytes(data: bytes, origin: str) -> ListFile:
    """Read and validate a whole list file; raises ListDataError for anything it cannot import completely."""
    text = _decode(data, origin)
    kind = detect_format(text)
    if kind == "empty":
        raise ListDataError(f"{origin} is empty. Nothing was imported.")
    if kind == "ftm":
        return ListFile("ftm", read_ftm_lines(text, origin), "")
    if kind == "json":
        try:
            document = json.loads(text)
        except ValueError as error:
            if looks_like_ftm(text.lstrip().split("\n", 1)[0]):
                return ListFile("ftm", read_ftm_lines(text, origin), "")
            raise ListDataError(
                f"{origin}: not valid JSON ({error}); the file is truncated or damaged. Nothing was imported."
            ) from None
        if is_compact_document(document):
            entries, generated = read_compact(document, origin)
            return ListFile("compact", entries, generated)
        if isinstance(document, dict) and "schema" in document and "properties" in document:
            return ListFile("ftm", read_ftm_lines(text.strip().replace("\n", " "), origin), "")
        return ListFile("csl-json", read_csl_json(document, origin), csl_json_generated_at(document))
    return ListFile("csl-csv", read_csl_csv(text, origin), "")


def read_list_path(path: str | Path) -> ListFile:
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise ListDataError(f"Cannot read list file {str(file)!r}: {error.strerror or error}.") from None
    return read_list_bytes(data, file.name)

"""Batch screening of a parties CSV, and scoring of name pairs from a CSV; outputs written atomically.

Parties CSV: a ``name`` column (required), optional ``country`` and ``id`` columns; any other columns are ignored.
Output: one row per hit (and, on request, one "clear" row per party without hits); a party whose name or country
is invalid gets an "error" row with the message, so every input row is accounted for.

Pairs CSV: ``name1`` and ``name2`` columns (an optional ``schema`` column, e.g. "Person", scores personal names);
every input column is kept and ``score`` added.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.screening.matcher import score_name_pair
from chipcontrols.screening.screener import Screener

__all__ = ["BATCH_COLUMNS", "BatchSummary", "score_pairs_file", "screen_file"]

BATCH_COLUMNS: tuple[str, ...] = (
    "row", "id", "query_name", "query_country", "status", "error", "rank", "score", "list_code", "list", "name",
    "matched_name", "entity_number", "entry_id", "countries", "license_requirement", "license_policy",
    "license_policy_normalised", "license_requirement_scope", "fdp_footnotes", "federal_register_notice",
    "match_method", "matcher", "snapshot_id", "threshold",
)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    parties: int
    parties_with_hits: int
    hits: int
    errors: int
    output: Path

    def to_dict(self) -> dict[str, Any]:
        return {
            "parties": self.parties,
            "parties_with_hits": self.parties_with_hits,
            "hits": self.hits,
            "errors": self.errors,
            "output": str(self.output),
        }


def _read_csv(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"Cannot read {str(path)!r}: {error.strerror or error}.") from None
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; save it as CSV UTF-8 and try again.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip() for f in reader.fieldnames or []]
    missing = [c for c in required if c not in fields]
    if missing:
        raise InputError(f"{path.name} has no {', '.join(missing)} column (columns found: {', '.join(fields)}).")
    reader.fieldnames = fields
    try:
        rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as error:
        raise InputError(f"{path.name}: line {reader.line_num}: {error}.") from None
    return fields, rows


def _write_atomic(path: Path, columns: list[str] | tuple[str, ...], rows: Iterator[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow(row)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def screen_file(
    source: Path,
    output: Path,
    *,
    screener: Screener,
    threshold: float | None = None,
    limit: int = 20,
    include_clear: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BatchSummary:
    """Screen every party of ``source`` and write the hits to ``output`` (temp file, then rename)."""
    _fields, parties = _read_csv(source, ("name",))
    counts = {"with_hits": 0, "hits": 0, "errors": 0}

    def rows() -> Iterator[dict[str, Any]]:
        for number, party in enumerate(parties, start=2):  # line numbers as a spreadsheet shows them
            base = {
                "row": number,
                "id": party.get("id", ""),
                "query_name": party.get("name", ""),
                "query_country": party.get("country", ""),
            }
            try:
                result = screener.screen(
                    party.get("name", ""), country=party.get("country") or None, threshold=threshold, limit=limit
                )
            except ChipControlsError as error:
                counts["errors"] += 1
                yield {**base, "status": "error", "error": error.message}
            else:
                if result.hits:
                    counts["with_hits"] += 1
                elif include_clear:
                    yield {**base, "status": "clear", "matcher": result.matcher,
                           "snapshot_id": result.snapshot["id"], "threshold": result.threshold}
                for rank, hit in enumerate(result.hits, start=1):
                    counts["hits"] += 1
                    yield {
                        **base,
                        "status": "hit",
                        "rank": rank,
                        "score": f"{hit.score:.4f}",
                        "list_code": hit.list_code,
                        "list": hit.list,
                        "name": hit.name,
                        "matched_name": hit.matched_name,
                        "entity_number": hit.entity_number,
                        "entry_id": hit.entry_id,
                        "countries": ";".join(hit.countries),
                        "license_requirement": hit.license_requirement,
                        "license_policy": hit.license_policy,
                        "license_policy_normalised": hit.license_policy_normalised,
                        "license_requirement_scope": hit.license_requirement_scope,
                        "fdp_footnotes": ";".join(str(n) for n in hit.fdp_footnotes),
                        "federal_register_notice": hit.federal_register_notice,
                        "match_method": hit.explanation.get("name", {}).get("detail", {}).get("method", ""),
                        "matcher": result.matcher,
                        "snapshot_id": result.snapshot["id"],
                        "threshold": result.threshold,
                    }
            if progress:
                progress(number - 1, len(parties))

    _write_atomic(output, BATCH_COLUMNS, rows())
    return BatchSummary(len(parties), counts["with_hits"], counts["hits"], counts["errors"], output)


def score_pairs_file(source: Path, output: Path) -> int:
    """Add a ``score`` column to a name-pairs CSV; returns the number of pairs scored."""
    fields, pairs = _read_csv(source, ("name1", "name2"))
    columns = [*fields, "score"] if "score" not in fields else fields

    def rows() -> Iterator[dict[str, Any]]:
        for pair in pairs:
            score, _ = score_name_pair(pair["name1"], pair["name2"], pair.get("schema") or None)
            yield {**pair, "score": f"{score:.4f}"}

    _write_atomic(output, columns, rows())
    return len(pairs)

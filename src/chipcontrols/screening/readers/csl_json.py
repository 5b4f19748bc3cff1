"""Reader for trade.gov consolidated.json: ``{"results": [...]}`` (with optional ``sources_used``) or a bare list.

Each result carries the CSV columns as keys; ``alt_names``/``programs`` are lists of strings, ``addresses`` a list of
``{address, city, state, postal_code, country}`` objects and ``ids`` a list of ``{type, number, country ...}``.
"""

from __future__ import annotations

from typing import Any

from chipcontrols.errors import ListDataError
from chipcontrols.screening.model import ListEntry
from chipcontrols.screening.readers.csl_row import entry_from_csl_record

__all__ = ["csl_json_generated_at", "read_csl_json"]


def _results(document: Any, origin: str) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("results"), list):
        return document["results"]
    raise ListDataError(
        f"{origin}: expected a JSON list of results or an object with a \"results\" list. Nothing was imported."
    )


def read_csl_json(document: Any, origin: str = "JSON file") -> list[ListEntry]:
    results = _results(document, origin)
    if not results:
        raise ListDataError(f"{origin} has no results. Nothing was imported.")
    return [entry_from_csl_record(record, f"{origin}, result {i + 1}") for i, record in enumerate(results)]


def csl_json_generated_at(document: Any) -> str:
    """The latest ``source_last_updated`` in ``sources_used``, or "" when the file does not say."""
    if not isinstance(document, dict):
        return ""
    dates = [
        str(s.get("source_last_updated") or s.get("last_imported") or "")
        for s in document.get("sources_used") or []
        if isinstance(s, dict)
    ]
    dates = [d for d in dates if d]
    return max(dates) if dates else ""

"""Screening a name against a list snapshot: ``Screener`` (one snapshot + its index) and ``get_screener()``.

``get_screener()`` returns the process-wide screener for the active snapshot (an imported one if any, else the
bundled list), building the index once per process and reusing an on-disk index cache when one matches the
snapshot's content hash and the matcher version.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from chipcontrols.screening.index import CandidateIndex
from chipcontrols.screening.index_cache import gc_paused, load_or_build_index
from chipcontrols.screening.matcher import (
    DEFAULT_THRESHOLD,
    MATCHER_VERSION,
    KeyComparison,
    comparison_rank,
    compare_keys,
    is_person_type,
    qualified_score,
    qualified_value,
)
from chipcontrols.screening.model import ListSnapshot
from chipcontrols.screening.normalise import analyse_name
from chipcontrols.screening.query import validate_country, validate_name, validate_options
from chipcontrols.screening.results import ScreeningHit, ScreeningResult, hit_for_entry
from chipcontrols.screening.store import active_pointer, load_active_snapshot

__all__ = ["Screener", "get_screener", "reset_screener_cache", "screen"]


class Screener:
    """Screens names against one list snapshot."""

    def __init__(self, snapshot: ListSnapshot, index: CandidateIndex | None = None) -> None:
        self.snapshot = snapshot
        if index is None:
            with gc_paused():
                index = CandidateIndex.build(snapshot.entries)
        self.index = index
        # The index is millions of long-lived objects: move them out of the cyclic collector's reach, or every
        # full collection walks them all (a one-second pause in the middle of a screening).
        gc.freeze()
        self.matcher = MATCHER_VERSION
        self.default_threshold = DEFAULT_THRESHOLD
        self._snapshot_info = {
            "id": snapshot.snapshot_id,
            "source": snapshot.source,
            "generated_at": snapshot.generated_at,
            "content_hash": snapshot.content_hash,
        }

    @classmethod
    def from_snapshot(cls, snapshot: ListSnapshot, *, use_cache: bool = True) -> Screener:
        index = load_or_build_index(snapshot) if use_cache else CandidateIndex.build(snapshot.entries)
        return cls(snapshot, index)

    def screen(
        self,
        name: str,
        country: str | None = None,
        threshold: float | None = None,
        include_all: bool = False,
        limit: int = 20,
    ) -> ScreeningResult:
        """Hits for ``name`` sorted by score; only those at or above the threshold unless ``include_all``."""
        query = validate_name(name)
        code = validate_country(country)
        threshold_value, limit = validate_options(threshold, limit)
        cutoff = self.default_threshold if threshold_value is None else threshold_value
        return ScreeningResult(
            query=query,
            country=code,
            threshold=cutoff,
            matcher=self.matcher,
            snapshot=dict(self._snapshot_info),
            hits=self._hits(query, code, None if include_all else cutoff, limit),
            include_all=include_all,
        )

    def _hits(self, query: str, country: str | None, cutoff: float | None, limit: int) -> list[ScreeningHit]:
        query_keys = analyse_name(query)
        entries = self.index.entries
        best: dict[int, tuple[KeyComparison, str]] = {}
        for key_id in self.index.candidates(query_keys):
            indexed = self.index.keys[key_id]
            person = is_person_type(entries[indexed.entry].entry_type)
            for query_key in query_keys:
                comparison = compare_keys(query_key, indexed.key, person)
                current = best.get(indexed.entry)
                if current is None or comparison_rank(comparison) > comparison_rank(current[0]):
                    best[indexed.entry] = (comparison, indexed.name)
        ranked = []
        for entry_number, (comparison, matched_name) in best.items():
            entry = entries[entry_number]
            score = qualified_value(comparison, country, entry.countries)
            if score <= 0.0 or (cutoff is not None and score < cutoff):
                continue
            # Ties: Entity List first, then entries in the query's country, primary-name matches, then by name.
            ranked.append(
                (
                    -score,
                    entry.list_code != "EL",
                    bool(country) and country not in entry.countries,
                    matched_name != entry.name,
                    entry.name,
                    entry.entry_id,
                    entry_number,
                )
            )
        ranked.sort()
        hits: list[ScreeningHit] = []
        for item in ranked[:limit]:
            entry_number = item[-1]
            comparison, matched_name = best[entry_number]
            entry = entries[entry_number]
            score, explanation = qualified_score(comparison, country, entry.countries)
            hits.append(hit_for_entry(entry, matched_name, score, explanation))
        return hits

    def describe(self) -> dict[str, Any]:
        return {
            "matcher": self.matcher,
            "default_threshold": self.default_threshold,
            "snapshot": self.snapshot.describe(),
            "indexed_readings": len(self.index.keys),
        }


_lock = threading.Lock()
_cached: tuple[str, Screener] | None = None


def _active_identity() -> str:
    pointer = active_pointer()
    return "bundled" if not pointer else f"{pointer.get('snapshot')}|{pointer.get('activated_at')}"


def get_screener() -> Screener:
    """The screener for the active snapshot, built once per process (rebuilt if another snapshot is activated)."""
    global _cached
    identity = _active_identity()
    with _lock:
        if _cached is None or _cached[0] != identity:
            _cached = (identity, Screener.from_snapshot(load_active_snapshot()))
        return _cached[1]


def reset_screener_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def screen(
    name: str,
    country: str | None = None,
    *,
    threshold: float | None = None,
    include_all: bool = False,
    limit: int = 20,
    screener: Screener | None = None,
) -> ScreeningResult:
    """Screen one party name (optionally with its ISO-2 country) against the active list snapshot."""
    return (screener or get_screener()).screen(
        name, country=country, threshold=threshold, include_all=include_all, limit=limit
    )

"""Screening the shipment's parties against the restricted-party lists, behind a small protocol.

``PartyScreener`` is anything callable as ``screener(name, country) -> list of hits``, where a hit has
the attributes of ``chipcontrols.screening.ScreeningHit`` (list_code, name, matched_name, entity_number,
countries, score, license_requirement, license_policy, license_policy_normalised,
license_requirement_scope, fdp_footnotes, federal_register_notice, to_dict()). The default screener
is ``chipcontrols.screening.screen`` over the bundled list snapshot; a fuzzy matcher plugs in by being
passed as ``screener=`` without any change here.

A hit counts as a match when it is exact (score 1.0: the name or an alias) or probable (score at least
``PROBABLE_MATCH_SCORE`` and the party's country among the entry's countries): export compliance fails
safe, so a probable match is treated as the listed party and flagged for confirmation. Weaker hits become
warnings asking for review. The licence review policy of a matched Entity List entry is taken from the list's own text
(normalised by screening; a conservative fallback normaliser is used if a hit lacks it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "PartyHit",
    "PartyScreener",
    "ScreeningHitLike",
    "ScreeningOutcome",
    "default_screener",
    "normalise_policy_text",
    "screen_parties",
    "snapshot_label",
]

MATCH_SCORE = 1.0
PROBABLE_MATCH_SCORE = 0.95


@runtime_checkable
class ScreeningHitLike(Protocol):
    list_code: str
    name: str
    score: float


class PartyScreener(Protocol):
    """A party in, list hits out."""

    def __call__(self, name: str, country: str | None) -> Sequence[Any]: ...


class _DefaultScreener:
    """Adapter over ``chipcontrols.screening.screen``; remembers the list snapshot version it saw."""

    def __init__(self) -> None:
        from chipcontrols.screening import screen  # imported lazily: screening is its own package

        self._screen = screen
        self.list_version: str | None = None

    def __call__(self, name: str, country: str | None) -> Sequence[Any]:
        result = self._screen(name, country)
        version = snapshot_label(getattr(result, "snapshot", None), getattr(result, "matcher", None))
        if version:
            self.list_version = version
        return list(getattr(result, "hits", result))


def snapshot_label(snapshot: Any, matcher: Any = None) -> str | None:
    """A short, stable label of a list snapshot (id and content hash) and the matcher version."""
    if isinstance(snapshot, str):
        label = snapshot
    elif isinstance(snapshot, dict) and snapshot:
        label = str(snapshot.get("id") or snapshot.get("source") or "snapshot")
        content_hash = snapshot.get("content_hash")
        if content_hash and str(content_hash)[:12] not in label:
            label += f"+{str(content_hash)[:12]}"
    else:
        return None
    return f"{label} (matcher {matcher})" if matcher else label


def default_screener() -> PartyScreener | None:
    """The bundled-list screener, or None when the screening package is not installed."""
    try:
        return _DefaultScreener()
    except ImportError:
        return None


_POLICY_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"policy\s+of\s+denial", "policy_of_denial"),
    (r"presumption\s+(of|for)\s+denial", "presumption_of_denial"),
    (r"case[\s-]+by[\s-]+case", "case_by_case"),
    (r"presumption\s+(of|for)\s+approval", "presumption_of_approval"),
)


def normalise_policy_text(text: str | None) -> str:
    """Fallback normaliser of an Entity List review-policy text; the most restrictive phrase found wins."""
    if not text:
        return "not_determined"
    lowered = text.lower()
    for pattern, policy in _POLICY_PATTERNS:
        if re.search(pattern, lowered):
            return policy
    return "not_determined"


def _get(hit: Any, name: str, default: Any = None) -> Any:
    if isinstance(hit, dict):
        return hit.get(name, default)
    return getattr(hit, name, default)


@dataclass(frozen=True)
class PartyHit:
    """One list hit for one party, as recorded in a determination."""

    role: str
    party_name: str
    party_country: str
    list_code: str
    matched_name: str
    entry_name: str
    entity_number: str | None
    countries: tuple[str, ...]
    score: float
    license_requirement: str | None
    license_policy: str | None
    license_policy_normalised: str
    license_requirement_scope: str | None
    fdp_footnotes: tuple[int, ...]
    federal_register_notice: str | None

    @property
    def match_strength(self) -> str:
        """``exact`` (name or alias), ``probable`` (close name, same country) or ``possible`` (review only)."""
        if self.score >= MATCH_SCORE:
            return "exact"
        country_agrees = not self.countries or self.party_country in self.countries
        if self.score >= PROBABLE_MATCH_SCORE and country_agrees:
            return "probable"
        return "possible"

    @property
    def is_match(self) -> bool:
        return self.match_strength != "possible"

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "party_name": self.party_name,
            "party_country": self.party_country,
            "list_code": self.list_code,
            "entry_name": self.entry_name,
            "matched_name": self.matched_name,
            "entity_number": self.entity_number,
            "countries": list(self.countries),
            "score": self.score,
            "match": self.is_match,
            "match_strength": self.match_strength,
            "license_requirement": self.license_requirement,
            "license_policy": self.license_policy,
            "license_policy_normalised": self.license_policy_normalised,
            "license_requirement_scope": self.license_requirement_scope,
            "fdp_footnotes": list(self.fdp_footnotes),
            "federal_register_notice": self.federal_register_notice,
        }


@dataclass
class ScreeningOutcome:
    hits: list[PartyHit] = field(default_factory=list)
    screened: bool = True
    list_version: str | None = None

    def entity_list_match(self) -> bool | None:
        if not self.screened:
            return None
        return any(hit.is_match and hit.list_code == "EL" for hit in self.hits)


def _to_party_hit(role: str, name: str, country: str, hit: Any) -> PartyHit:
    policy_text = _get(hit, "license_policy")
    normalised = _get(hit, "license_policy_normalised") or normalise_policy_text(policy_text)
    footnotes = tuple(sorted(int(n) for n in (_get(hit, "fdp_footnotes") or ())))
    countries = tuple(sorted(str(c) for c in (_get(hit, "countries") or ())))
    return PartyHit(
        role=role,
        party_name=name,
        party_country=country,
        list_code=str(_get(hit, "list_code", "")),
        matched_name=str(_get(hit, "matched_name") or _get(hit, "name") or ""),
        entry_name=str(_get(hit, "name") or ""),
        entity_number=(str(_get(hit, "entity_number")) if _get(hit, "entity_number") is not None else None),
        countries=countries,
        score=float(_get(hit, "score", 0.0) or 0.0),
        license_requirement=_get(hit, "license_requirement"),
        license_policy=policy_text,
        license_policy_normalised=str(normalised),
        license_requirement_scope=_get(hit, "license_requirement_scope"),
        fdp_footnotes=footnotes,
        federal_register_notice=_get(hit, "federal_register_notice"),
    )


def screen_parties(
    parties: Sequence[tuple[str, str, str]], screener: PartyScreener | None
) -> ScreeningOutcome:
    """Screen (role, name, country) triples; hits sorted for a stable record."""
    if screener is None:
        return ScreeningOutcome(hits=[], screened=False)
    hits: list[PartyHit] = []
    for role, name, country in parties:
        for hit in screener(name, country):
            hits.append(_to_party_hit(role, name, country, hit))
    hits.sort(key=lambda h: (h.role, h.party_name, -h.score, h.list_code, h.entity_number or "", h.entry_name))
    version = getattr(screener, "list_version", None)
    return ScreeningOutcome(hits=hits, screened=True, list_version=version if isinstance(version, str) else None)

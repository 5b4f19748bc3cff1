"""What a screening returns: ``ScreeningHit`` (one list entry that matched) and ``ScreeningResult`` (all hits).

Field names are an interface: the licence-determination module and the service read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chipcontrols.screening.model import ListEntry

__all__ = ["ScreeningHit", "ScreeningResult", "hit_for_entry"]

# ScreeningHit has a field called "list" (the list's human name), which shadows the builtin inside its class body.
_List = list


@dataclass(frozen=True, slots=True)
class ScreeningHit:
    """One list entry that matched the query, with the licence terms an Entity List hit carries."""

    name: str
    matched_name: str
    list: str
    list_code: str
    entity_number: str
    entry_id: str
    countries: _List[str]
    score: float
    explanation: dict[str, Any]
    license_requirement: str
    license_policy: str
    license_policy_normalised: str
    license_requirement_scope: str
    fdp_footnotes: _List[int]
    federal_register_notice: str
    source_url: str
    entry_type: str = ""
    programs: _List[str] = field(default_factory=_List)
    aliases: _List[str] = field(default_factory=_List)
    licence_terms: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "matched_name": self.matched_name,
            "list": self.list,
            "list_code": self.list_code,
            "entity_number": self.entity_number,
            "entry_id": self.entry_id,
            "countries": list(self.countries),
            "score": self.score,
            "explanation": self.explanation,
            "license_requirement": self.license_requirement,
            "license_policy": self.license_policy,
            "license_policy_normalised": self.license_policy_normalised,
            "license_requirement_scope": self.license_requirement_scope,
            "fdp_footnotes": list(self.fdp_footnotes),
            "federal_register_notice": self.federal_register_notice,
            "source_url": self.source_url,
            "entry_type": self.entry_type,
            "programs": list(self.programs),
            "aliases": list(self.aliases),
            "licence_terms": self.licence_terms,
        }


def hit_for_entry(entry: ListEntry, matched_name: str, score: float, explanation: dict[str, Any]) -> ScreeningHit:
    terms = entry.licence_terms
    return ScreeningHit(
        name=entry.name,
        matched_name=matched_name,
        list=entry.list_name,
        list_code=entry.list_code,
        entity_number=entry.entity_number,
        entry_id=entry.entry_id,
        countries=list(entry.countries),
        score=score,
        explanation=explanation,
        license_requirement=entry.license_requirement,
        license_policy=entry.license_policy,
        license_policy_normalised=terms.policy,
        license_requirement_scope=terms.requirement_scope,
        fdp_footnotes=list(terms.fdp_footnotes),
        federal_register_notice=entry.federal_register_notice,
        source_url=entry.source_url,
        entry_type=entry.entry_type,
        programs=list(entry.programs),
        aliases=list(entry.aliases),
        licence_terms=terms.to_dict(),
    )


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """All hits for one query, with what produced them (matcher version, list snapshot, threshold)."""

    query: str
    country: str | None
    threshold: float
    matcher: str
    snapshot: dict[str, Any]
    hits: list[ScreeningHit]
    include_all: bool = False

    @property
    def matched(self) -> bool:
        """True when at least one hit reaches the threshold."""
        return any(hit.score >= self.threshold for hit in self.hits)

    def hits_on(self, list_code: str) -> list[ScreeningHit]:
        return [hit for hit in self.hits if hit.list_code == list_code and hit.score >= self.threshold]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "country": self.country,
            "threshold": self.threshold,
            "matcher": self.matcher,
            "snapshot": self.snapshot,
            "include_all": self.include_all,
            "matched": self.matched,
            "hits": [hit.to_dict() for hit in self.hits],
        }

"""Screeners for the licensing tests: the real bundled-list screener when the screening package provides
one, otherwise a small stand-in holding one real Entity List row (used only until screening lands)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chipcontrols.licensing.parties import default_screener


@dataclass(frozen=True)
class StandInHit:
    list_code: str
    name: str
    matched_name: str
    entity_number: str | None
    countries: list[str]
    score: float
    license_requirement: str
    license_policy: str
    license_policy_normalised: str
    license_requirement_scope: str
    fdp_footnotes: list[int] = field(default_factory=list)
    federal_register_notice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


_ENTRIES = [
    StandInHit(
        list_code="EL",
        name="Huawei Technologies Deutschland GmbH",
        matched_name="Huawei Technologies Deutschland GmbH",
        entity_number=None,
        countries=["DE"],
        score=1.0,
        license_requirement="For all items subject to the EAR, see §§ 734.9(e), and 744.11 of the EAR",
        license_policy="Presumption of denial",
        license_policy_normalised="presumption_of_denial",
        license_requirement_scope="all_items_subject_to_ear",
        fdp_footnotes=[1],
        federal_register_notice="84 FR 22961; 85 FR 29852; 85 FR 36720; 85 FR 51603",
    )
]


def stand_in_screener(name: str, country: str | None) -> list[StandInHit]:
    key = " ".join(name.lower().split())
    return [hit for hit in _ENTRIES if hit.name.lower() == key]


def screener_for_tests() -> Any:
    """The real screener if available, else the stand-in."""
    real = default_screener()
    return real if real is not None else stand_in_screener

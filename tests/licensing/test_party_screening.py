"""Party screening plugs in through the PartyScreener protocol: any (name, country) -> hits callable."""

from __future__ import annotations

from dataclasses import dataclass, field

from chipcontrols.licensing import determine
from chipcontrols.licensing.parties import normalise_policy_text

SHIPMENT = {
    "as_of": "2025-06-01",
    "item": {"chip": "nvidia/h20"},
    "quantity": 1,
    "exporter": "Example Distributor Inc.",
    "destination": "JP",
    "end_user": {"name": "Example Robotics KK", "country": "JP", "headquarters": "JP"},
    "end_use": "other",
}


@dataclass(frozen=True)
class Hit:
    list_code: str
    name: str
    score: float
    matched_name: str = ""
    entity_number: str | None = "EL-1"
    countries: list[str] = field(default_factory=lambda: ["JP"])
    license_requirement: str = "For all items subject to the EAR."
    license_policy: str = "Case-by-case review."
    license_policy_normalised: str | None = None
    license_requirement_scope: str = "all_items_subject_to_ear"
    fdp_footnotes: list[int] = field(default_factory=list)
    federal_register_notice: str = "99 FR 12345"


def test_a_fuzzy_matcher_plugs_in_and_weak_hits_are_only_warnings() -> None:
    def fuzzy(name: str, country: str | None) -> list[Hit]:
        return [Hit("EL", "Example Robotic KK", 0.91)]

    result = determine(SHIPMENT, screener=fuzzy)
    assert result.outcome == "no_license_required"
    assert any("Possible EL match" in w for w in result.warnings)
    assert result.parties[0]["match"] is False


def test_an_exact_hit_requires_a_licence_with_the_entry_policy() -> None:
    result = determine(SHIPMENT, screener=lambda name, country: [Hit("EL", "Example Robotics KK", 1.0)])
    assert result.outcome == "license_required"
    assert [r["rule_id"] for r in result.reasons] == ["entity-list-744.11"]
    assert result.review_policy["policy"] == "case_by_case"
    assert "99 FR 12345" in result.reasons[0]["citation"]


def test_no_screener_means_insufficient_data() -> None:
    result = determine(SHIPMENT, screener=None)
    assert result.outcome == "insufficient_data"
    assert result.versions["screened"] is False
    assert any("not screened" in w for w in result.warnings)


def test_fallback_policy_normaliser() -> None:
    assert normalise_policy_text("Presumption for denial.4") == "presumption_of_denial"
    assert normalise_policy_text("Case-by-case review for items ...; policy of denial for all other items") == (
        "policy_of_denial"
    )
    assert normalise_policy_text("See § 744.11(b)") == "not_determined"

"""The licence determination: does this shipment need a licence on its date, why, and what may authorise it.

``determine(shipment)`` classifies the item, screens the parties, evaluates every dated licence
requirement of the rule data (CCL-based, headquarters, informed letters, end use, country-wide, Entity
List) and returns a ``Determination``: whether a licence is required, the outcome, each reason with its
paragraph and citation, the review policy, the licence exceptions that may apply (beside the
requirement, never folded into it), the classification, the party hits, warnings, and the versions of the
rule data and list snapshot used. It does no I/O beyond the cached rule pack and list snapshot, and the
same inputs and versions give byte-identical JSON (``Determination.to_json``).

Outcomes: ``license_required``; ``prohibited`` when a policy of denial (or a denial order) makes that the
honest summary; ``insufficient_data`` when no requirement is established but one may apply if a missing
fact were known; ``no_license_required`` otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chipcontrols.licensing.conditions import ConditionFacts, PartyFacts
from chipcontrols.licensing.country_groups import CountryGroups
from chipcontrols.version import __version__
from chipcontrols.licensing.item import item_facts
from chipcontrols.licensing.licence_exceptions import applicable_exceptions
from chipcontrols.licensing.parties import PartyScreener, default_screener, screen_parties
from chipcontrols.licensing.policy import later_policy_changes, overall_policy, policy_for
from chipcontrols.licensing.requirements import find_requirements
from chipcontrols.licensing.ruledata import LOW_CONFIDENCE, licensing_rules
from chipcontrols.licensing.shipment import Shipment, shipment_from_mapping

__all__ = ["OUTCOMES", "Determination", "determine", "h20_shipment_story"]

OUTCOMES: tuple[str, ...] = ("no_license_required", "license_required", "prohibited", "insufficient_data")
ENGINE_VERSION = "licensing-1"

_USE_DEFAULT: Any = object()


@dataclass(frozen=True)
class Determination:
    """The answer for one shipment on one date, with everything needed to audit it."""

    license_required: bool
    outcome: str
    mode: str
    as_of: dt.date
    reasons: list[dict[str, Any]]
    review_policy: dict[str, Any] | None
    exceptions: list[dict[str, Any]]
    classification: dict[str, Any] | None
    parties: list[dict[str, Any]]
    warnings: list[str]
    undetermined: list[dict[str, Any]]
    what_would_change: list[str]
    destination_groups: dict[str, list[str]]
    shipment: dict[str, Any]
    versions: dict[str, Any]
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "license_required": self.license_required,
            "outcome": self.outcome,
            "summary": self.summary,
            "mode": self.mode,
            "as_of": self.as_of.isoformat(),
            "reasons": self.reasons,
            "review_policy": self.review_policy,
            "exceptions": self.exceptions,
            "classification": self.classification,
            "parties": self.parties,
            "warnings": self.warnings,
            "undetermined": self.undetermined,
            "what_would_change": self.what_would_change,
            "country_groups": self.destination_groups,
            "shipment": self.shipment,
            "versions": self.versions,
        }

    def to_json(self) -> str:
        """Stable JSON: sorted keys, fixed separators; byte-identical for the same inputs and versions."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False, default=str)


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result


def _in_place_function(groups: CountryGroups, on: dt.date) -> Callable[[str, Any], bool]:
    def in_place(country: str, places: Any) -> bool:
        return groups.in_places(country, places, on)

    return in_place


def determine(
    shipment: Shipment | dict[str, Any],
    *,
    codified: bool = False,
    rules: Any = None,
    screener: PartyScreener | None = _USE_DEFAULT,
) -> Determination:
    """Determine the licence position of ``shipment`` as of its date.

    ``codified=True`` evaluates rules as written even where BIS announced non-enforcement (the January
    2025 AI Diffusion Rule); the default evaluates the enforcement posture. ``screener`` replaces the
    bundled-list screener (e.g. a fuzzy matcher); ``None`` skips screening (reported as insufficient).
    """
    if not isinstance(shipment, Shipment):
        shipment = shipment_from_mapping(shipment)
    if rules is None:
        from chipcontrols.rules import load_rules

        rules = load_rules()
    data = licensing_rules(rules)
    groups = data.country_group_index
    mode = "codified" if codified else "enforced"
    on = shipment.as_of
    warnings: list[str] = list(shipment.input_warnings)

    item = item_facts(shipment, codified=codified, rules=rules)
    warnings += item.warnings

    if screener is _USE_DEFAULT:
        screener = default_screener()
    screening = screen_parties(
        [(role, party.name, party.country) for role, party in shipment.parties()], screener
    )
    if not screening.screened:
        warnings.append("Parties were not screened (no screener available): Entity List status unknown.")

    facts = ConditionFacts(
        as_of=on,
        destination=shipment.destination,
        export_from=shipment.export_from,
        parties=tuple(
            PartyFacts(role, party.name, party.country, party.headquarters) for role, party in shipment.parties()
        ),
        end_use=shipment.end_use,
        eccns=item.eccns,
        metrics=item.metrics,
        designed_for_datacenter=item.designed_for_datacenter,
        entity_list_party=screening.entity_list_match(),
        in_place=_in_place_function(groups, on),
    )
    findings = find_requirements(facts, data, mode=mode, exporter=shipment.exporter, screening=screening)
    warnings += findings.warnings

    decisions = [policy_for(reason, facts, data, mode) for reason in findings.reasons]
    review = overall_policy(decisions)
    findings.what_would_change += later_policy_changes(decisions, facts, data, mode)
    exceptions = applicable_exceptions(findings.reasons, facts, data, mode) if findings.reasons else []

    # Low-confidence data used in the decision becomes a warning.
    for reason in findings.reasons:
        if reason.confidence in LOW_CONFIDENCE:
            warnings.append(
                f"{reason.rule_id} rests on {reason.confidence} sources ({'; '.join(reason.citations)}); "
                "confirm against the primary text before relying on it."
            )
    for decision in decisions:
        if decision.confidence in LOW_CONFIDENCE and decision.policy != "not_determined":
            warnings.append(
                f"Review policy {decision.policy_id or decision.policy} for {decision.rule_id} is "
                f"{'reported' if decision.reported else decision.confidence}: "
                f"{decision.policy.replace('_', ' ')} is not confirmed in a primary text."
            )

    # Country-group data notes for every country that mattered.
    countries = {shipment.destination, shipment.export_from}
    for _role, party in shipment.parties():
        countries.add(party.country)
        if party.headquarters:
            countries.add(party.headquarters)
    used = data.groups_used()
    for country in sorted(countries):
        warnings += groups.warnings_for(country, on, used)

    # Facts the answer depends on that were not given.
    if not shipment.end_user:
        warnings.append("No end user given: the headquarters rule and end-use controls cannot be fully checked.")
    for role, party in shipment.parties():
        if party.headquarters is None:
            warnings.append(f"The {role} {party.name!r} has no headquarters given (country of the ultimate parent).")
    if shipment.end_use == "unknown":
        warnings.append("End use unknown: the 744.23 end-use controls cannot be ruled out.")
    if shipment.end_use == "military":
        warnings.append(
            "Military end use declared: the military end-use and end-user controls (15 CFR 744.21, 744.22) and "
            "ITAR questions are not modelled here; treat this as a red flag and review by hand."
        )
    if shipment.export_from != "US":
        warnings.append(
            f"The item leaves {shipment.export_from}, not the US: this is treated as a reexport of an item subject "
            "to the EAR. Whether a foreign-made item is subject to the EAR at all (de minimis, 15 CFR 734.4; "
            "foreign direct product rules, 734.9) is not modelled."
        )
    if shipment.export_from == shipment.destination:
        warnings.append("Export-from and destination are the same country: an in-country transfer.")

    reasons_out = sorted((r.to_dict() for r in findings.reasons), key=lambda r: (r["kind"], r["rule_id"], r["title"]))
    license_required = bool(findings.reasons)
    if license_required:
        prohibited = review is not None and review["policy"] == "policy_of_denial"
        outcome = "prohibited" if prohibited else "license_required"
    elif findings.undetermined or not screening.screened:
        outcome = "insufficient_data"
    else:
        outcome = "no_license_required"
    if findings.undetermined and license_required:
        warnings.append(
            "Other requirements could not be decided for lack of data: "
            + ", ".join(u["rule_id"] for u in findings.undetermined)
            + "."
        )

    parties_out = [hit.to_dict() for hit in screening.hits]
    groups_out = {
        "destination": groups.groups_of(shipment.destination, on),
        "export_from": groups.groups_of(shipment.export_from, on),
    }
    for role, party in shipment.parties():
        groups_out[f"{role}_country"] = groups.groups_of(party.country, on)
        if party.headquarters:
            groups_out[f"{role}_headquarters"] = groups.groups_of(party.headquarters, on)

    versions = {
        "chipcontrols": __version__,
        "engine": ENGINE_VERSION,
        "rule_data": getattr(rules, "version_label", data.version),
        "rule_data_content_hash": data.content_hash,
        "list_snapshot": screening.list_version if screening.screened else None,
        "screened": screening.screened,
    }
    return Determination(
        license_required=license_required,
        outcome=outcome,
        mode=mode,
        as_of=on,
        reasons=reasons_out,
        review_policy=review,
        exceptions=exceptions,
        classification=item.classification,
        parties=parties_out,
        warnings=_dedupe(warnings),
        undetermined=sorted(findings.undetermined, key=lambda u: u["rule_id"]),
        what_would_change=_dedupe(
            findings.what_would_change + ([] if license_required else findings.applied_earlier)
        ),
        destination_groups=groups_out,
        shipment=shipment.public_dict(),
        versions=versions,
        summary=_summary(outcome, findings.reasons, review, item.item_name, shipment),
    )


def _summary(outcome: str, reasons: list[Any], review: dict[str, Any] | None, item: str, shipment: Shipment) -> str:
    where = f"{item} to {shipment.destination} on {shipment.as_of.isoformat()}"
    if outcome == "no_license_required":
        return f"No licence required for {where}."
    if outcome == "insufficient_data":
        return f"Cannot decide for {where}: data missing (see undetermined)."
    policy = (review or {}).get("policy", "not_determined").replace("_", " ")
    rules = ", ".join(sorted({r.rule_id for r in reasons}))
    if outcome == "prohibited":
        return f"Prohibited in practice for {where}: licence required ({rules}), reviewed under a {policy}."
    return f"Licence required for {where} ({rules}); review policy: {policy}."


def h20_shipment_story(*, rules: Any = None, screener: PartyScreener | None = _USE_DEFAULT) -> list[Determination]:
    """The demo story: an H20 shipment to a Chinese cloud provider on 2025-03-01, 2025-04-20 and
    2025-08-15, then an H200 shipment on 2026-02-01."""
    base: dict[str, Any] = {
        "item": {"chip": "nvidia/h20"},
        "quantity": 1000,
        "unit_value_usd": 12000,
        "exporter": "NVIDIA Corporation",
        "export_from": "US",
        "destination": "CN",
        "end_user": {"name": "Example Cloud Computing Co., Ltd.", "country": "CN", "headquarters": "CN"},
        "end_use": "datacenter",
    }
    story = [dict(base, as_of=day) for day in ("2025-03-01", "2025-04-20", "2025-08-15")]
    story.append(dict(base, as_of="2026-02-01", item={"chip": "nvidia/h200-sxm"}, unit_value_usd=30000))
    return [determine(s, rules=rules, screener=screener) for s in story]

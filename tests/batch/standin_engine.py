"""TEMPORARY STAND-IN for ``chipcontrols.licensing.determine`` while the licensing engine is being built.

Used only by the batch tests, and only when ``chipcontrols.licensing`` cannot be imported. It follows the
published interface (outcome, license_required, reasons with rule_id/citation, review_policy, parties
with hits) with a toy rule set whose answers change on fixed dates, which is all the batch machinery
needs to be tested against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chipcontrols.catalog import load_catalog
from chipcontrols.errors import CountryCodeError

CHANGE_DATES = [dt.date(2022, 10, 21), dt.date(2023, 11, 17), dt.date(2025, 4, 15), dt.date(2025, 7, 15)]
_KNOWN_COUNTRIES = {"US", "CN", "HK", "MO", "SG", "MY", "DE", "FR", "GB", "JP", "IN", "AE", "SA", "RU", "IR", "NL", "KR", "TW", "BR", "VN"}
_D5 = {"CN", "MO", "RU", "IR", "HK"}


@dataclass
class Reason:
    rule_id: str
    paragraph: str
    citation: str
    explanation: str = ""


@dataclass
class Hit:
    list_code: str
    name: str
    score: float = 100.0


@dataclass
class PartyResult:
    role: str
    name: str
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Determination:
    outcome: str
    license_required: bool
    reasons: list[Reason]
    review_policy: str | None
    parties: list[PartyResult]


def determine_fields(fields: dict[str, Any]) -> Determination:
    as_of: dt.date = fields["as_of"]
    chip = load_catalog().get(fields["item"]["chip"]).id
    destination = fields["destination"]
    end_user = fields["end_user"]
    for code in (destination, end_user.get("country"), end_user.get("headquarters")):
        if code and code not in _KNOWN_COUNTRIES:
            raise CountryCodeError(f"{code!r} is not an ISO 3166-1 alpha-2 country code.")
    reasons: list[Reason] = []
    policy = None
    china = destination in _D5 or end_user.get("headquarters") in _D5
    if chip == "nvidia/h100-sxm" and as_of >= CHANGE_DATES[0] and destination in _D5:
        reasons.append(Reason("3A090-d5", "744.23(a)", "15 CFR 742.6(a)(6)"))
        policy = "presumption_of_denial"
    if chip == "nvidia/h20" and CHANGE_DATES[2] <= as_of and china:
        reasons.append(Reason("h20-letter", "744.21", "is-informed letter 2025-04"))
        policy = "presumption_of_denial" if as_of < CHANGE_DATES[3] else "case_by_case_approval_expected"
    hits = []
    if "huawei" in end_user["name"].lower():
        hits.append(Hit("EL", "Huawei Technologies Co., Ltd."))
        if as_of >= CHANGE_DATES[1]:
            reasons.append(Reason("entity-list", "744.11", "15 CFR 744.11"))
            policy = "presumption_of_denial"
    outcome = "license_required" if reasons else "no_license_required"
    if fields.get("end_use") == "military" and destination in _D5:
        outcome = "prohibited"
    return Determination(outcome, bool(reasons) or outcome == "prohibited", reasons, policy,
                         [PartyResult("end_user", end_user["name"], hits)])


class StandInEngine:
    def determine(self, fields: dict[str, Any], codified: bool) -> Determination:
        return determine_fields(fields)

    def change_dates(self, codified: bool) -> list[dt.date]:
        return list(CHANGE_DATES)


def standin_engine() -> StandInEngine:
    return StandInEngine()

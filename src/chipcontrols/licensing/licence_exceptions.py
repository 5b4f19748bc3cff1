"""Licence exceptions that may authorise a shipment despite a licence requirement, with their conditions.

An exception is listed when it is in force on the date, evaluated in the current mode, and can overcome
at least one of the requirements that apply. Each check is evaluated (True / False / unknown); the
exporter's obligations (notification, certifications) are listed for the exporter to satisfy. An
exception "appears available" only when every check holds and it overcomes every requirement that
applies; otherwise the requirements it does not overcome are named.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from chipcontrols.licensing.conditions import ConditionFacts, evaluate, kleene_all
from chipcontrols.licensing.requirements import Reason, rule_modes
from chipcontrols.licensing.ruledata import LicensingRules

__all__ = ["applicable_exceptions"]


def applicable_exceptions(
    reasons: list[Reason], facts: ConditionFacts, rules: LicensingRules, mode: str
) -> list[dict[str, Any]]:
    applying = sorted({reason.rule_id for reason in reasons})
    listed: list[dict[str, Any]] = []
    for entry in rules.exceptions:
        if not entry.in_force(facts.as_of) or mode not in rule_modes(entry, rules):
            continue
        overcome = [rule_id for rule_id in applying if rule_id in entry.overcomes]
        if not overcome:
            continue
        checks = []
        for check in entry.checks:
            local = dataclasses.replace(facts, unknowns=[])
            met = evaluate(check.when, local)
            checks.append({"id": check.id, "condition": check.text, "met": met, "unknown": list(local.unknowns)})
        obligations = []
        for obligation in entry.obligations:
            if obligation.when is None or evaluate(obligation.when, dataclasses.replace(facts, unknowns=[])):
                obligations.append(obligation.text)
        not_overcome = [rule_id for rule_id in applying if rule_id not in entry.overcomes]
        checks_met = kleene_all([c["met"] for c in checks]) if checks else True
        if checks_met is True and not_overcome:
            available: bool | None = False
        else:
            available = checks_met
        listed.append(
            {
                "id": entry.id,
                "code": entry.code,
                "title": entry.title,
                "paragraph": entry.paragraph,
                "citation": rules.citation(entry.instrument, entry.cfr),
                "confidence": entry.confidence,
                "overcomes": overcome,
                "does_not_overcome": not_overcome,
                "conditions": checks,
                "conditions_appear_met": checks_met,
                "appears_available": available,
                "obligations": obligations,
            }
        )
    return listed

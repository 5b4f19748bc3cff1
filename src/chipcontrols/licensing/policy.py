"""The licence review policy in force for each requirement that applies, and the overall summary.

For each reason the first review-policy entry (in file order) that names its rule, is in force on the
date, is evaluated in the current mode and whose condition holds is taken. Entity List and Denied Persons
reasons carry their own policy (from the list entry). The overall policy is the most restrictive policy
among the reasons; ``not_determined`` policies are shown but do not set the summary unless nothing else
is known.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from chipcontrols.licensing.conditions import ConditionFacts, evaluate
from chipcontrols.licensing.requirements import Reason, rule_modes
from chipcontrols.licensing.ruledata import LicensingRules

__all__ = ["POLICY_RANK", "PolicyDecision", "later_policy_changes", "overall_policy", "policy_for"]

POLICY_RANK: dict[str, int] = {
    "presumption_of_approval": 1,
    "case_by_case": 2,
    "presumption_of_denial": 3,
    "policy_of_denial": 4,
}


@dataclass(frozen=True)
class PolicyDecision:
    rule_id: str
    policy: str
    policy_id: str | None
    paragraph: str | None
    citation: str | None
    confidence: str
    reported: bool
    explanation: str
    conditions: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "policy": self.policy,
            "policy_id": self.policy_id,
            "paragraph": self.paragraph,
            "citation": self.citation,
            "confidence": self.confidence,
            "reported": self.reported,
            "explanation": self.explanation,
            "conditions": list(self.conditions),
        }


def policy_for(reason: Reason, facts: ConditionFacts, rules: LicensingRules, mode: str) -> PolicyDecision:
    """The review policy for one applying requirement."""
    if reason.policy_override is not None:
        source = reason.policy_source or {}
        return PolicyDecision(
            rule_id=reason.rule_id,
            policy=reason.policy_override,
            policy_id=None,
            paragraph=reason.paragraph,
            citation=reason.citations[0] if reason.citations else None,
            confidence="primary",
            reported=False,
            explanation=(
                f"Review policy stated in the list entry: {source.get('license_policy')!r}."
                if source.get("license_policy")
                else "A denial order prohibits the transaction."
            ),
        )
    for entry in rules.policies:
        if reason.rule_id not in entry.applies_to or not entry.in_force(facts.as_of):
            continue
        if mode not in rule_modes(entry, rules):
            continue
        if entry.when is not None and evaluate(entry.when, dataclasses.replace(facts, unknowns=[])) is not True:
            continue
        return PolicyDecision(
            rule_id=reason.rule_id,
            policy=entry.policy,
            policy_id=entry.id,
            paragraph=entry.paragraph,
            citation=rules.citation(entry.instrument, entry.cfr),
            confidence=entry.confidence,
            reported=entry.reported,
            explanation=" ".join(entry.explanation.split()),
            conditions=tuple(
                {"text": c.text, "confidence": c.confidence, "reported": c.reported} for c in entry.conditions
            ),
        )
    return PolicyDecision(
        rule_id=reason.rule_id,
        policy="not_determined",
        policy_id=None,
        paragraph=None,
        citation=None,
        confidence="unconfirmed",
        reported=False,
        explanation="No review policy is recorded for this requirement on this date.",
    )


def overall_policy(decisions: list[PolicyDecision]) -> dict[str, Any] | None:
    """The most restrictive policy among the reasons (None when no licence is required)."""
    if not decisions:
        return None
    ranked = [d for d in decisions if d.policy in POLICY_RANK]
    if ranked:
        decisive = max(ranked, key=lambda d: (POLICY_RANK[d.policy], d.rule_id))
    else:
        decisive = sorted(decisions, key=lambda d: d.rule_id)[0]
    summary = decisive.to_dict()
    summary["decisive_rule_id"] = decisive.rule_id
    summary["by_reason"] = [d.to_dict() for d in sorted(decisions, key=lambda d: d.rule_id)]
    return summary


def later_policy_changes(
    decisions: list[PolicyDecision], facts: ConditionFacts, rules: LicensingRules, mode: str
) -> list[str]:
    """For each applying requirement, the next dated review-policy entry that would change its policy."""
    notes: list[str] = []
    for decision in decisions:
        upcoming = [
            entry
            for entry in rules.policies
            if decision.rule_id in entry.applies_to
            and entry.effective is not None
            and entry.effective > facts.as_of
            and mode in rule_modes(entry, rules)
            and entry.policy != decision.policy
            and (entry.when is None or evaluate(entry.when, dataclasses.replace(facts, unknowns=[])) is True)
        ]
        if upcoming:
            entry = min(upcoming, key=lambda e: (e.effective, e.id))
            notes.append(
                f"From {entry.effective.isoformat()}, the review policy for {decision.rule_id} would be "
                f"{entry.policy.replace('_', ' ')}{' (reported)' if entry.reported else ''} ({entry.id})."
            )
    return notes

"""Which licence requirements apply to a shipment on its date: the rule data interpreted into reasons.

Four sources of requirements, all read from the rule data and evaluated by one condition interpreter:
CCL-based requirements and the headquarters rule (licence_requirements.yaml), end-use controls
(end_use.yaml), country-wide controls (embargoes.yaml) and company-specific is-informed letters
(informed_letters.yaml, binding their addressee only). Entity List and Denied Persons matches come from
party screening. A rule whose condition cannot be decided (a fact unknown) is reported as undetermined,
never silently dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from chipcontrols.licensing.conditions import ConditionFacts, Truth, evaluate, kleene_all
from chipcontrols.licensing.parties import PartyHit, ScreeningOutcome
from chipcontrols.licensing.ruledata import LOW_CONFIDENCE, LetterEntry, LicensingRules, RuleEntry

__all__ = ["Reason", "RequirementFindings", "find_requirements", "is_addressee", "rule_modes"]


@dataclass(frozen=True)
class Reason:
    """One licence requirement that applies, with its paragraph, citations and a plain explanation."""

    rule_id: str
    kind: str
    title: str
    paragraph: str
    citations: tuple[str, ...]
    instruments: tuple[str, ...]
    confidence: str
    explanation: str
    policy_override: str | None = None
    policy_source: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "kind": self.kind,
            "title": self.title,
            "paragraph": self.paragraph,
            "citation": "; ".join(self.citations),
            "citations": list(self.citations),
            "instruments": list(self.instruments),
            "confidence": self.confidence,
            "explanation": self.explanation,
        }


@dataclass
class RequirementFindings:
    reasons: list[Reason] = field(default_factory=list)
    undetermined: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    what_would_change: list[str] = field(default_factory=list)
    applied_earlier: list[str] = field(default_factory=list)


def rule_modes(entry: Any, rules: LicensingRules) -> tuple[str, ...]:
    """Modes a dated entry is evaluated in: its own list, else by its instrument's enforcement posture."""
    if entry.modes:
        return tuple(entry.modes)
    return ("enforced", "codified") if rules.instrument_enforced(entry.instrument) else ("codified",)


_SUFFIXES = re.compile(
    r"\b(corporation|corp|incorporated|inc|limited|ltd|llc|co|company|gmbh|plc|sa|ag)\b", re.IGNORECASE
)


@functools.lru_cache(maxsize=4096)
def _company_key(name: str) -> str:
    text = _SUFFIXES.sub(" ", name.lower())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def is_addressee(exporter: str | None, letter: LetterEntry) -> bool | None:
    """Whether the exporter is the letter's addressee (None when the exporter is not given)."""
    if not exporter:
        return None
    names = {_company_key(letter.addressee.name), *(_company_key(a) for a in letter.addressee.aliases)}
    return _company_key(exporter) in names


def _citations(entry: Any, rules: LicensingRules) -> tuple[tuple[str, ...], tuple[str, ...]]:
    instruments = tuple(i for i in (entry.instrument, *entry.also_cites) if i)
    citations = [rules.citation(i) for i in instruments]
    if entry.cfr and entry.cfr not in citations:
        citations.append(entry.cfr)
    return tuple(citations), instruments


def _reason(entry: RuleEntry | LetterEntry, kind: str, rules: LicensingRules, explanation: str | None = None) -> Reason:
    citations, instruments = _citations(entry, rules)
    return Reason(
        rule_id=entry.id,
        kind=kind,
        title=entry.title,
        paragraph=entry.paragraph,
        citations=citations,
        instruments=instruments,
        confidence=entry.confidence,
        explanation=explanation or " ".join(entry.explanation.split()),
    )


def _fresh(facts: ConditionFacts) -> ConditionFacts:
    """The same facts with an empty list of unknowns (a shallow copy: much cheaper than ``replace``)."""
    fresh = object.__new__(ConditionFacts)
    fresh.__dict__.update(facts.__dict__)
    fresh.__dict__["unknowns"] = []
    return fresh


def _note_timing(entry: Any, facts: ConditionFacts, findings: RequirementFindings) -> None:
    """A rule that holds for this shipment but is not in force on the date: later, or earlier."""
    if entry.effective and facts.as_of < entry.effective:
        findings.what_would_change.append(
            f"From {entry.effective.isoformat()}, {entry.id} ({entry.title}) would apply to this shipment."
        )
    elif entry.ends and facts.as_of >= entry.ends:
        findings.applied_earlier.append(
            f"Until {entry.ends.isoformat()}, {entry.id} ({entry.title}) applied to this shipment."
        )


def _evaluate_rule_list(
    entries: tuple[RuleEntry, ...], kind: str, facts: ConditionFacts, rules: LicensingRules, mode: str,
    findings: RequirementFindings,
) -> None:
    for entry in entries:
        local = _fresh(facts)
        truth = evaluate(entry.when, local)
        in_mode = mode in rule_modes(entry, rules)
        if not entry.in_force(facts.as_of):
            if truth is True:
                _note_timing(entry, facts, findings)
            continue
        if not in_mode:
            if truth is True:
                other = "codified" if mode == "enforced" else "enforced"
                findings.what_would_change.append(
                    f"Evaluated as {other} text, {entry.id} ({entry.title}) would apply"
                    + (" (run with --codified)." if other == "codified" else ".")
                )
            continue
        if truth is True:
            findings.reasons.append(_reason(entry, kind, rules))
        elif truth is None:
            findings.undetermined.append(
                {"rule_id": entry.id, "title": entry.title, "paragraph": entry.paragraph, "missing": local.unknowns}
            )


def _evaluate_letters(
    facts: ConditionFacts, rules: LicensingRules, mode: str, exporter: str | None, findings: RequirementFindings
) -> None:
    for letter in rules.letters:
        local = _fresh(facts)
        scope = evaluate(letter.scope, local)
        criterion = evaluate(letter.criterion, local)
        truth: Truth = kleene_all([scope, criterion])
        addressee = is_addressee(exporter, letter)
        if not letter.in_force(facts.as_of) or mode not in rule_modes(letter, rules):
            if truth is True and addressee is not False:
                _note_timing(letter, facts, findings)
            continue
        if truth is True:
            if addressee is True:
                findings.reasons.append(_reason(letter, "informed_letter", rules))
                if letter.criterion_confidence in LOW_CONFIDENCE and letter.criterion_note:
                    findings.warnings.append(f"{letter.id}: {' '.join(letter.criterion_note.split())}")
            elif addressee is None:
                findings.undetermined.append(
                    {
                        "rule_id": letter.id,
                        "title": letter.title,
                        "paragraph": letter.paragraph,
                        "missing": [f"exporter not given; this letter binds {letter.addressee.name}"],
                    }
                )
            else:
                findings.warnings.append(
                    f"{letter.id}: this item meets the criterion of a letter addressed to {letter.addressee.name}, "
                    f"which binds only its addressee. For {exporter} no licence follows from the letter, but "
                    "the letter is a red flag: knowing of it, consider whether BIS would expect a licence "
                    "(744.23 'knowledge') and ask BIS if in doubt."
                )
        elif truth is None and addressee is not False:
            findings.undetermined.append(
                {"rule_id": letter.id, "title": letter.title, "paragraph": letter.paragraph, "missing": local.unknowns}
            )
        if scope is True and criterion is False and letter.combination_warning and addressee is not False:
            findings.warnings.append(
                f"{letter.id}: the item reaches neither bandwidth figure of the letter, but the letter also "
                "covers circuits achieving 'a combination thereof', which no threshold captures; "
                "the addressee should confirm with BIS."
            )


_FDP = {
    1: "footnote 1 (Huawei) foreign-direct-product rule, 15 CFR 734.9(e)(1)-(2)",
    3: "footnote 3 (Russia/Belarus military end user) foreign-direct-product rule, 15 CFR 734.9(g)",
    4: "footnote 4 (advanced computing / supercomputer) foreign-direct-product rule, 15 CFR 734.9(e)(2)-(3)",
    5: "footnote 5 (semiconductor manufacturing) foreign-direct-product rule, 15 CFR 734.9(e)(3)",
}


def _list_reasons(screening: ScreeningOutcome, findings: RequirementFindings) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    for hit in screening.hits:
        if not hit.is_match:
            findings.warnings.append(
                f"Possible {hit.list_code} match for the {hit.role} {hit.party_name!r}: {hit.entry_name!r} "
                f"(score {hit.score:.2f}); review it by hand. It is not treated as a match."
            )
            continue
        key = (hit.list_code, hit.entity_number or hit.entry_name, hit.license_policy or "", hit.role)
        if key in seen:
            continue
        seen.add(key)
        if hit.match_strength == "probable":
            findings.warnings.append(
                f"Probable {hit.list_code} match for the {hit.role} {hit.party_name!r}: {hit.entry_name!r} "
                f"(score {hit.score:.2f}, same country). It is treated as the listed party; confirm the identity "
                "(address, registration number) before relying on the answer either way."
            )
        if hit.list_code == "EL":
            findings.reasons.append(_entity_list_reason(hit))
            if hit.license_requirement_scope and hit.license_requirement_scope != "all_items_subject_to_ear":
                findings.warnings.append(
                    f"Entity List entry {hit.entry_name!r} has a narrower licence requirement "
                    f"({hit.license_requirement!r}); check that it covers this item."
                )
            for footnote in hit.fdp_footnotes:
                findings.warnings.append(
                    f"Entity List entry {hit.entry_name!r} carries {_FDP.get(footnote, f'footnote {footnote}')}: "
                    "foreign-made items may also be subject to the EAR; not modelled here."
                )
        elif hit.list_code == "DPL":
            findings.reasons.append(
                Reason(
                    rule_id="denied-persons-764.3",
                    kind="denied_persons",
                    title="Party on the Denied Persons List",
                    paragraph="15 CFR 764.3(a)(2); Denied Persons List",
                    citations=tuple(c for c in (hit.federal_register_notice, "15 CFR part 764, Supp. No. 1") if c),
                    instruments=(),
                    confidence="primary",
                    explanation=(
                        f"The {hit.role} {hit.party_name!r} matches the denied person {hit.entry_name!r}: any "
                        "transaction with a denied person is prohibited by the denial order."
                    ),
                    policy_override="policy_of_denial",
                )
            )
        else:
            findings.warnings.append(
                f"The {hit.role} {hit.party_name!r} matches {hit.entry_name!r} on the {hit.list_code} list"
                + (f" ({hit.license_requirement})" if hit.license_requirement else "")
                + ": this list does not by itself impose an EAR licence requirement handled here "
                "(UVL: no licence exceptions and a UVL statement; MEU: 744.21 military end-user licence for "
                "listed items; OFAC lists: dealings may be prohibited). Review before shipping."
            )


def _entity_list_reason(hit: PartyHit) -> Reason:
    requirement = " ".join((hit.license_requirement or "not stated").split())
    policy = " ".join((hit.license_policy or "not stated").split())
    return Reason(
        rule_id="entity-list-744.11",
        kind="entity_list",
        title=f"Entity List: {hit.entry_name}",
        paragraph="15 CFR 744.11; Supp. No. 4 to part 744",
        citations=tuple(c for c in (hit.federal_register_notice, "15 CFR part 744, Supp. No. 4") if c),
        instruments=(),
        confidence="primary",
        explanation=(
            f"The {hit.role} {hit.party_name!r} ({hit.party_country}) matches the Entity List entry "
            f"{hit.entry_name!r}"
            + (f" (entity {hit.entity_number})" if hit.entity_number else "")
            + f". Its licence requirement reads {requirement!r} and its review policy {policy!r} "
            "(list text as published); a licence is required for the items that requirement names, "
            "normally all items subject to the EAR."
        ),
        policy_override=hit.license_policy_normalised,
        policy_source={
            "list_code": hit.list_code,
            "entity_number": hit.entity_number,
            "license_policy": hit.license_policy,
            "federal_register_notice": hit.federal_register_notice,
        },
    )


def find_requirements(
    facts: ConditionFacts,
    rules: LicensingRules,
    *,
    mode: str,
    exporter: str | None,
    screening: ScreeningOutcome,
) -> RequirementFindings:
    """Every requirement that applies on the date, those undetermined, warnings, and what would change."""
    findings = RequirementFindings()
    _evaluate_rule_list(rules.requirements, "licence_requirement", facts, rules, mode, findings)
    _evaluate_letters(facts, rules, mode, exporter, findings)
    _evaluate_rule_list(rules.end_uses, "end_use", facts, rules, mode, findings)
    _evaluate_rule_list(rules.embargoes, "country_wide", facts, rules, mode, findings)
    _list_reasons(screening, findings)
    return findings

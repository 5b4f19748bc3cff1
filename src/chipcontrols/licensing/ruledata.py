"""Typed views of the licensing rule-data files (validated pydantic models), read through the rule pack.

The files live in ``chipcontrols/rules/data``: licence_requirements.yaml, informed_letters.yaml,
end_use.yaml, embargoes.yaml, review_policy.yaml, licence_exceptions.yaml and country_groups.yaml.
Each entry cites an instrument (a key of the instruments files) or a CFR paragraph and carries a
confidence. A malformed entry is refused with a RuleDataError naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from chipcontrols.licensing.conditions import check_condition

__all__ = [
    "Confidence",
    "CountryGroupsFile",
    "ExceptionEntry",
    "LetterEntry",
    "LicensingRules",
    "Mode",
    "Policy",
    "PolicyEntry",
    "RuleEntry",
    "licensing_rules",
]

Confidence = Literal["primary", "law_firm", "secondary", "unconfirmed"]
Mode = Literal["enforced", "codified"]
Policy = Literal[
    "policy_of_denial", "presumption_of_denial", "case_by_case", "presumption_of_approval", "not_determined"
]
LOW_CONFIDENCE: frozenset[str] = frozenset({"secondary", "unconfirmed"})


def _condition(value: Any) -> Any:
    if value is not None:
        check_condition(value)
    return value


class _Cited(BaseModel):
    """Fields shared by every dated, cited entry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    paragraph: str = Field(min_length=1)
    instrument: str | None = None
    cfr: str | None = None
    also_cites: tuple[str, ...] = ()
    effective: dt.date | None = None
    ends: dt.date | None = None
    modes: tuple[Mode, ...] | None = None
    confidence: Confidence

    @model_validator(mode="after")
    def _cited_and_dated(self) -> _Cited:
        if not self.instrument and not self.cfr:
            raise ValueError("cite an instrument (instrument: id) or a CFR paragraph (cfr: ...)")
        if self.effective and self.ends and self.ends <= self.effective:
            raise ValueError(f"ends ({self.ends}) must be after effective ({self.effective})")
        return self

    def in_force(self, on: dt.date) -> bool:
        return (self.effective is None or self.effective <= on) and (self.ends is None or on < self.ends)


class RuleEntry(_Cited):
    """A licence requirement (also end-use and country-wide controls)."""

    title: str
    explanation: str
    when: dict[str, Any]

    @field_validator("when")
    @classmethod
    def _check_when(cls, value: Any) -> Any:
        return _condition(value)


class Addressee(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    aliases: tuple[str, ...] = ()


class LetterEntry(_Cited):
    """An is-informed letter: binds its addressee; scope (where) and criterion (which items) as conditions."""

    title: str
    explanation: str
    addressee: Addressee
    scope: dict[str, Any]
    criterion: dict[str, Any]
    criterion_note: str | None = None
    criterion_confidence: Confidence | None = None
    combination_warning: bool = False

    @field_validator("scope", "criterion")
    @classmethod
    def _check_scope(cls, value: Any) -> Any:
        return _condition(value)


class PolicyCondition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    confidence: Confidence
    reported: bool = False


class PolicyEntry(_Cited):
    """A review policy for one or more requirements, in force on dates, optionally under a condition."""

    applies_to: tuple[str, ...]
    policy: Policy
    explanation: str
    reported: bool = False
    conditions: tuple[PolicyCondition, ...] = ()
    when: dict[str, Any] | None = None

    @field_validator("when")
    @classmethod
    def _check_when(cls, value: Any) -> Any:
        return _condition(value)


class ExceptionCheck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: str
    when: dict[str, Any]

    @field_validator("when")
    @classmethod
    def _check_when(cls, value: Any) -> Any:
        return _condition(value)


class Obligation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    when: dict[str, Any] | None = None

    @field_validator("when")
    @classmethod
    def _check_when(cls, value: Any) -> Any:
        return _condition(value)


class ExceptionEntry(_Cited):
    """A licence exception: which requirements it may overcome, its checks and the exporter's obligations."""

    code: str
    title: str
    overcomes: tuple[str, ...]
    checks: tuple[ExceptionCheck, ...] = ()
    obligations: tuple[Obligation, ...] = ()


class RequirementsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    requirements: list[RuleEntry]


class EndUseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    end_uses: list[RuleEntry]


class EmbargoFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    embargoes: list[RuleEntry]


class LettersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    letters: list[LetterEntry]


class PolicyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    policies: list[PolicyEntry]


class ExceptionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exceptions: list[ExceptionEntry]


class GroupBaseline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    cfr: str
    confidence: Confidence
    members: tuple[str, ...]


class GroupChange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    effective: dt.date
    group: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    layer: Literal["table", "state"] = "table"
    instrument: str
    confidence: Confidence
    date_confidence: Confidence | None = None
    note: str | None = None


class TreatedAs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    as_: str = Field(alias="as")
    effective: dt.date
    instrument: str
    confidence: Confidence
    note: str | None = None


class CountryFlag(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    confidence: Confidence
    cfr: str
    warning: str


class D5Note(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cfr: str
    text: str
    confidence: Confidence


class CountryGroupsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    citation: str
    baseline_date: dt.date
    controlling_layer: dict[str, Literal["table", "state"]] = {}
    d5_note: D5Note
    groups: dict[str, GroupBaseline]
    changes: tuple[GroupChange, ...] = ()
    treated_as: dict[str, TreatedAs] = {}
    flags: dict[str, CountryFlag] = {}

    @model_validator(mode="after")
    def _changes_name_known_groups(self) -> CountryGroupsFile:
        for index, change in enumerate(self.changes):
            if change.group not in self.groups:
                raise ValueError(f"changes[{index}].group: unknown group {change.group!r}")
        return self


@dataclass(frozen=True)
class LicensingRules:
    """All licensing rule data of one rule pack, validated."""

    version: str
    content_hash: str
    requirements: tuple[RuleEntry, ...]
    end_uses: tuple[RuleEntry, ...]
    embargoes: tuple[RuleEntry, ...]
    letters: tuple[LetterEntry, ...]
    policies: tuple[PolicyEntry, ...]
    exceptions: tuple[ExceptionEntry, ...]
    country_groups: CountryGroupsFile
    instruments: dict[str, Any]

    @cached_property
    def country_group_index(self) -> Any:
        """Country-group membership by date for this rule pack, memoised across determinations."""
        from chipcontrols.licensing.country_groups import CountryGroups

        return CountryGroups(self.country_groups)

    def groups_used(self) -> frozenset[str]:
        """Country groups named in any condition of the licensing rule data (computed once per rule pack)."""
        return self._groups_used

    @cached_property
    def _groups_used(self) -> frozenset[str]:
        found: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("groups", "except_groups") and isinstance(value, (list, tuple)):
                        found.update(str(v) for v in value)
                    else:
                        walk(value)
            elif isinstance(node, (list, tuple)):
                for item in node:
                    walk(item)

        for entry in (*self.requirements, *self.end_uses, *self.embargoes, *self.policies):
            walk(entry.model_dump())
        for letter in self.letters:
            walk(letter.model_dump())
        for exception in self.exceptions:
            walk(exception.model_dump())
        return frozenset(found)

    def rule_ids(self) -> set[str]:
        return {r.id for r in (*self.requirements, *self.end_uses, *self.embargoes, *self.letters)}

    def instrument(self, instrument_id: str | None) -> Any:
        return self.instruments.get(instrument_id) if instrument_id else None

    def citation(self, instrument_id: str | None, cfr: str | None = None) -> str:
        """The Federal Register (or other) citation of an instrument, or the CFR paragraph."""
        instrument = self.instrument(instrument_id)
        if instrument is not None:
            return str(_field(instrument, "citation") or instrument_id)
        return cfr or str(instrument_id)

    def instrument_enforced(self, instrument_id: str | None) -> bool:
        instrument = self.instrument(instrument_id)
        if instrument is None:
            return True
        enforced = _field(instrument, "enforced")
        return True if enforced is None else bool(enforced)


def _field(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


_CACHE: dict[str, LicensingRules] = {}


def licensing_rules(pack: Any) -> LicensingRules:
    """The licensing rule data of a rule pack (validated once per pack content and cached)."""
    key = f"{pack.version}:{pack.content_hash}"
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    rules = _build(pack)
    _CACHE[key] = rules
    return rules


def _build(pack: Any) -> LicensingRules:
    from chipcontrols.errors import RuleDataError

    requirements = pack.parse("licence_requirements.yaml", RequirementsFile).requirements
    end_uses = pack.parse("end_use.yaml", EndUseFile).end_uses
    embargoes = pack.parse("embargoes.yaml", EmbargoFile).embargoes
    letters = pack.parse("informed_letters.yaml", LettersFile).letters
    policies = pack.parse("review_policy.yaml", PolicyFile).policies
    exceptions = pack.parse("licence_exceptions.yaml", ExceptionsFile).exceptions
    groups = pack.parse("country_groups.yaml", CountryGroupsFile)
    instruments = dict(pack.instruments)
    rules = LicensingRules(
        version=str(pack.version),
        content_hash=str(getattr(pack, "content_hash", "")),
        requirements=tuple(requirements),
        end_uses=tuple(end_uses),
        embargoes=tuple(embargoes),
        letters=tuple(letters),
        policies=tuple(policies),
        exceptions=tuple(exceptions),
        country_groups=groups,
        instruments=instruments,
    )
    # Cross-references: ids unique, policies and exceptions name existing rules, instruments declared.
    seen: dict[str, str] = {}
    for file, entries in (
        ("licence_requirements.yaml", requirements),
        ("end_use.yaml", end_uses),
        ("embargoes.yaml", embargoes),
        ("informed_letters.yaml", letters),
    ):
        for entry in entries:
            if entry.id in seen:
                raise RuleDataError(file, entry.id, f"duplicate rule id (also in {seen[entry.id]})")
            seen[entry.id] = file
    for policy in policies:
        for rule_id in policy.applies_to:
            if rule_id not in seen:
                raise RuleDataError("review_policy.yaml", policy.id, f"applies_to names unknown rule {rule_id!r}")
    for exception in exceptions:
        for rule_id in exception.overcomes:
            if rule_id not in seen:
                raise RuleDataError("licence_exceptions.yaml", exception.id, f"overcomes unknown rule {rule_id!r}")
    for file, entries in (
        ("licence_requirements.yaml", requirements),
        ("end_use.yaml", end_uses),
        ("embargoes.yaml", embargoes),
        ("informed_letters.yaml", letters),
        ("review_policy.yaml", policies),
        ("licence_exceptions.yaml", exceptions),
    ):
        for entry in entries:
            for instrument_id in (entry.instrument, *entry.also_cites):
                if instrument_id and instrument_id not in instruments:
                    raise RuleDataError(file, entry.id, f"cites undeclared instrument {instrument_id!r}")
    for index, change in enumerate(groups.changes):
        if change.instrument not in instruments:
            raise RuleDataError(
                "country_groups.yaml", f"changes[{index}]", f"cites undeclared instrument {change.instrument!r}"
            )
    return rules

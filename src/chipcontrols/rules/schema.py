"""Typed shapes of the rule-pack files (pydantic), with ``at(date)`` selection of dated versions.

Conditions form a small vocabulary shared by the classification files:
- ``{metric: NAME, op: ">=" | ">" | "<" | "<=", threshold: NUMBER, cite: TEXT}`` compares a metric;
- ``{attribute: market | form, in: [...]}`` or ``{attribute: ..., not_in: [...]}`` tests an attribute.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "AttributeCondition",
    "Comparison",
    "Condition",
    "Confidence",
    "Criterion",
    "EccnFamily",
    "EccnVersion",
    "Exclusion",
    "Instrument",
    "InstrumentsFile",
    "METRIC_NAMES",
    "Paragraph",
    "ZParagraphs",
    "ZVersion",
]

Confidence = Literal["primary", "law_firm", "secondary", "unconfirmed"]
MetricName = Literal[
    "total_processing_performance",
    "performance_density",
    "memory_bandwidth_density",
    "interconnect_bidirectional_gbps",
    "memory_bandwidth_gbps",
    "die_area_mm2",
]
METRIC_NAMES: tuple[str, ...] = get_args(MetricName)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Instrument(_Strict):
    """A Federal Register instrument (or other official act) that rule data cites."""

    id: str
    citation: str
    fr_doc: str | None = None
    title: str
    kind: str
    published: dt.date | None = None
    effective: dt.date
    effective_note: str | None = None
    compliance: dt.date | None = None
    link: str | None = None
    enforced: bool = True
    enforcement_note: str | None = None
    confidence: Confidence
    notes: str | None = None
    sources: list[str] = Field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True)


class InstrumentsFile(_Strict):
    instruments: list[Instrument]


class Comparison(_Strict):
    metric: MetricName
    op: Literal[">=", ">", "<", "<="]
    threshold: float
    cite: str

    @field_validator("threshold")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("threshold must be a finite number")
        return value

    def holds(self, value: float) -> bool:
        if self.op == ">=":
            return value >= self.threshold
        if self.op == ">":
            return value > self.threshold
        if self.op == "<":
            return value < self.threshold
        return value <= self.threshold


class AttributeCondition(_Strict):
    attribute: Literal["market", "form"]
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    cite: str

    @model_validator(mode="after")
    def _one_of(self) -> AttributeCondition:
        if (self.in_ is None) == (self.not_in is None):
            raise ValueError("an attribute condition needs exactly one of 'in' or 'not_in'")
        return self

    def holds(self, value: str) -> bool:
        if self.in_ is not None:
            return value in self.in_
        return value not in (self.not_in or [])


Condition = Comparison | AttributeCondition


class Criterion(_Strict):
    id: str
    text: str
    all_of: list[Condition] = Field(min_length=1)


class Paragraph(_Strict):
    paragraph: str
    title: str
    cite: str
    any_of: list[Criterion] = Field(default_factory=list)
    contains_ic_paragraph_in: list[str] | None = None

    @model_validator(mode="after")
    def _has_test(self) -> Paragraph:
        if not self.any_of and not self.contains_ic_paragraph_in:
            raise ValueError(f"paragraph {self.paragraph} needs 'any_of' criteria or 'contains_ic_paragraph_in'")
        return self


class Exclusion(_Strict):
    id: str
    cite: str
    text: str
    all_of: list[Condition] = Field(min_length=1)
    excludes: list[str] = Field(min_length=1)


class EccnVersion(_Strict):
    effective: dt.date
    instrument: str
    compliance: dt.date | None = None
    confidence: Confidence
    summary: str
    applies_to: list[Literal["integrated_circuit", "computer", "hbm"]]
    paragraphs: list[Paragraph]
    exclusions: list[Exclusion] = Field(default_factory=list)


class EccnFamily(_Strict):
    family: str
    title: str
    cite: str
    versions: list[EccnVersion] = Field(min_length=1)

    @model_validator(mode="after")
    def _sorted(self) -> EccnFamily:
        dates = [version.effective for version in self.versions]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("versions must be in increasing order of 'effective' date, one per date")
        return self

    def at(self, when: dt.date, enforced: set[str] | None = None) -> EccnVersion | None:
        """The newest version effective on or before ``when`` (skipping versions whose instrument is not in
        ``enforced`` when that set is given); None before the first version."""
        chosen = None
        for version in self.versions:
            if version.effective <= when and (enforced is None or version.instrument in enforced):
                chosen = version
        return chosen


class ZVersion(_Strict):
    effective: dt.date
    instrument: str
    confidence: Confidence
    summary: str
    eccns: list[str]
    triggered_by: list[str]


class ZParagraphs(_Strict):
    family: str
    title: str
    cite: str
    versions: list[ZVersion]

    def at(self, when: dt.date) -> ZVersion | None:
        chosen = None
        for version in self.versions:
            if version.effective <= when:
                chosen = version
        return chosen

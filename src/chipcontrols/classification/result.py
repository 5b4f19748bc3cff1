"""The result of a classification: ECCN paragraph, every test evaluated, margins, citations and warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from chipcontrols.metrics import ChipMetrics

__all__ = ["Classification", "DieAreaRange", "ExclusionResult", "ParagraphResult", "TestResult"]

Status = Literal["controlled", "not_controlled", "undetermined"]


@dataclass(frozen=True)
class TestResult:
    """One comparison of the law evaluated on one item. ``met`` is None when the value is unknown."""

    paragraph: str
    criterion: str
    metric: str
    op: str
    threshold: float | str
    value: float | str | None
    met: bool | None
    citation: str
    instrument: str
    margin: float | None = None
    relative_margin: float | None = None
    near_threshold: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "paragraph": self.paragraph,
            "criterion": self.criterion,
            "metric": self.metric,
            "op": self.op,
            "threshold": self.threshold,
            "value": self.value,
            "met": self.met,
            "margin": self.margin,
            "relative_margin": self.relative_margin,
            "near_threshold": self.near_threshold,
            "citation": self.citation,
            "instrument": self.instrument,
        }


@dataclass(frozen=True)
class ParagraphResult:
    paragraph: str
    title: str
    met: bool | None
    criteria_met: list[str]
    citation: str
    excluded_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "paragraph": self.paragraph,
            "title": self.title,
            "met": self.met,
            "criteria_met": self.criteria_met,
            "excluded_by": self.excluded_by,
            "citation": self.citation,
        }


@dataclass(frozen=True)
class ExclusionResult:
    id: str
    applies: bool | None
    text: str
    citation: str
    excludes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "applies": self.applies, "text": self.text, "citation": self.citation,
                "excludes": self.excludes}


@dataclass(frozen=True)
class DieAreaRange:
    """For an unknown die area: the ECCN that results when the die area lies in (low, high]."""

    low_mm2: float | None
    high_mm2: float | None
    eccn: str | None

    def describe(self) -> str:
        result = self.eccn or "not controlled"
        if self.low_mm2 is None and self.high_mm2 is not None:
            return f"die area up to {self.high_mm2:,.1f} mm²: {result}"
        if self.high_mm2 is None and self.low_mm2 is not None:
            return f"die area above {self.low_mm2:,.1f} mm²: {result}"
        if self.low_mm2 is None:
            return f"any die area: {result}"
        return f"die area above {self.low_mm2:,.1f} and up to {self.high_mm2:,.1f} mm²: {result}"

    def to_dict(self) -> dict[str, Any]:
        return {"die_area_above_mm2": self.low_mm2, "die_area_up_to_mm2": self.high_mm2, "eccn": self.eccn,
                "text": self.describe()}


@dataclass(frozen=True)
class Classification:
    """How one item classifies as of one date under one rule pack."""

    item_id: str | None
    item_name: str
    as_of: dt.date
    codified: bool
    eccn: str | None
    status: Status
    possible_eccns: list[str | None]
    metrics: ChipMetrics
    designed_for_datacenter: bool
    rule_versions: list[dict[str, Any]]
    paragraphs: list[ParagraphResult]
    tests: list[TestResult]
    exclusions: list[ExclusionResult]
    citations: list[str]
    reasons: list[str]
    warnings: list[str]
    rule_data_version: str
    die_area_ranges: list[DieAreaRange] = field(default_factory=list)
    ic_eccn: str | None = None

    @property
    def controlled(self) -> bool:
        return self.status == "controlled"

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": {"id": self.item_id, "name": self.item_name, "spec": self.metrics.spec.to_public_dict()},
            "as_of": self.as_of.isoformat(),
            "mode": "codified" if self.codified else "enforced",
            "eccn": self.eccn,
            "status": self.status,
            "possible_eccns": self.possible_eccns,
            "ic_eccn": self.ic_eccn,
            "designed_for_datacenter": self.designed_for_datacenter,
            "metrics": self.metrics.to_dict(),
            "rule_versions": self.rule_versions,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "tests": [t.to_dict() for t in self.tests],
            "exclusions": [e.to_dict() for e in self.exclusions],
            "die_area_ranges": [r.to_dict() for r in self.die_area_ranges],
            "reasons": self.reasons,
            "citations": self.citations,
            "warnings": self.warnings,
            "rule_data_version": self.rule_data_version,
        }

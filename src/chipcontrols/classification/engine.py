"""Classification of one item as of one date: the rule pack's dated ECCN versions interpreted on its metrics.

The engine knows no thresholds: it reads the version of each ECCN family in force on the date (3A090,
4A090, the .z paragraphs) and evaluates its conditions with three-valued logic (met / not met / unknown),
so an unknown die area yields "undetermined" plus the die-area ranges that decide the answer, never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from chipcontrols.catalog import CatalogChip, ChipSpec, load_catalog, spec_from_mapping
from chipcontrols.classification.result import (
    Classification,
    DieAreaRange,
    ExclusionResult,
    ParagraphResult,
    TestResult,
)
from chipcontrols.dates import parse_date
from chipcontrols.metrics import ChipMetrics, chip_metrics
from chipcontrols.rules import RulePack, load_rules
from chipcontrols.rules.schema import AttributeCondition, Comparison, Condition, EccnVersion

__all__ = ["classification_history", "classify", "history_dates", "replace_spec", "resolve_item"]

_METRIC_LABELS = {
    "total_processing_performance": "TPP",
    "performance_density": "performance density",
    "memory_bandwidth_density": "memory bandwidth density",
    "interconnect_bidirectional_gbps": "bidirectional transfer rate (GB/s)",
    "memory_bandwidth_gbps": "memory bandwidth (GB/s)",
    "die_area_mm2": "die area (mm²)",
}


def _and3(values: list[bool | None]) -> bool | None:
    if any(value is False for value in values):
        return False
    if any(value is None for value in values):
        return None
    return True


def _or3(values: list[bool | None]) -> bool | None:
    if any(value is True for value in values):
        return True
    if any(value is None for value in values):
        return None
    return False


def _not3(value: bool | None) -> bool | None:
    return None if value is None else not value


def _number(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def resolve_item(item: str | ChipSpec | CatalogChip | Mapping[str, Any]) -> tuple[ChipSpec, CatalogChip | None]:
    """A catalogue id/name, a CatalogChip, a ChipSpec or a spec mapping → (spec, catalogue entry or None)."""
    if isinstance(item, ChipSpec):
        entry = load_catalog().find(item.id) if item.id else None
        return item, entry if entry is not None and entry.spec == item else None
    if isinstance(item, CatalogChip):
        return item.spec, item
    if isinstance(item, Mapping):
        return spec_from_mapping(dict(item)), None
    entry = load_catalog().get(str(item))
    return entry.spec, entry


class _Evaluation:
    """Evaluation of one ECCN version on one spec: tests, paragraph results, exclusions."""

    def __init__(self, version: EccnVersion, metrics: ChipMetrics, rules: RulePack) -> None:
        self.version = version
        self.instrument = rules.instruments[version.instrument]
        self.values = metrics.values()
        self.attributes = {"market": metrics.spec.market, "form": metrics.spec.form}
        self.tolerance = rules.near_threshold_tolerance
        self.tests: list[TestResult] = []
        self.failures: dict[str, list[str]] = {}
        self.successes: dict[str, list[str]] = {}

    def condition(self, where: str, condition: Condition) -> bool | None:
        citation = f"{condition.cite} ({self.instrument.citation})"
        if isinstance(condition, AttributeCondition):
            value = self.attributes[condition.attribute]
            met = condition.holds(value)
            wanted = condition.in_ if condition.in_ is not None else condition.not_in
            self.tests.append(TestResult(where, where, condition.attribute, "in" if condition.in_ is not None
                                         else "not in", ", ".join(wanted or []), value, met, citation,
                                         self.instrument.id))
            if not met:
                self.failures.setdefault(where, []).append(f"{condition.attribute} is {value}")
            return met
        assert isinstance(condition, Comparison)
        value = self.values.get(condition.metric)
        if value is None:
            met: bool | None = None
            margin = relative = None
            near = False
        else:
            met = condition.holds(value)
            margin = value - condition.threshold
            relative = margin / condition.threshold if condition.threshold else None
            near = relative is not None and abs(relative) <= self.tolerance
        self.tests.append(
            TestResult(where, where, condition.metric, condition.op, condition.threshold, value, met, citation,
                       self.instrument.id, None if margin is None else round(margin, 6),
                       None if relative is None else round(relative, 6), near)
        )
        if met is True:
            label = _METRIC_LABELS.get(condition.metric, condition.metric)
            self.successes.setdefault(where, []).append(
                f"{label} {_number(value)} {condition.op.replace('>=', '≥').replace('<=', '≤')} "  # type: ignore[arg-type]
                f"{_number(condition.threshold)}"
            )
        if met is False:
            label = _METRIC_LABELS.get(condition.metric, condition.metric)
            negation = {">=": "<", ">": "≤", "<": "≥", "<=": ">"}[condition.op]
            self.failures.setdefault(where, []).append(
                f"{label} {_number(value)} {negation} {_number(condition.threshold)}"  # type: ignore[arg-type]
            )
        return met

    def run(self) -> tuple[list[ParagraphResult], list[ExclusionResult], dict[str, bool | None]]:
        exclusions = []
        excluded: dict[str, list[tuple[str, bool | None]]] = {}
        for exclusion in self.version.exclusions:
            applies = _and3([self.condition(exclusion.id, c) for c in exclusion.all_of])
            exclusions.append(ExclusionResult(exclusion.id, applies, exclusion.text.strip(), exclusion.cite,
                                              list(exclusion.excludes)))
            for paragraph in exclusion.excludes:
                excluded.setdefault(paragraph, []).append((exclusion.id, applies))
        paragraphs: list[ParagraphResult] = []
        effective: dict[str, bool | None] = {}
        for paragraph in self.version.paragraphs:
            if paragraph.contains_ic_paragraph_in is not None:
                continue
            results = {criterion.id: _and3([self.condition(criterion.id, c) for c in criterion.all_of])
                       for criterion in paragraph.any_of}
            met = _or3(list(results.values()))
            excluded_by = None
            for exclusion_id, applies in excluded.get(paragraph.paragraph, []):
                if applies is not False and met is not False:
                    excluded_by = exclusion_id if applies else None
                met = _and3([met, _not3(applies)])
            effective[paragraph.paragraph] = met
            paragraphs.append(ParagraphResult(
                paragraph.paragraph, paragraph.title, met, [cid for cid, ok in results.items() if ok],
                f"{paragraph.cite} ({self.instrument.citation})", excluded_by,
            ))
        return paragraphs, exclusions, effective


def _pick(order: list[str], effective: Mapping[str, bool | None]) -> tuple[str | None, bool]:
    """First paragraph met, provided every earlier one is definitely not met. Returns (eccn, determinate)."""
    for paragraph in order:
        met = effective.get(paragraph)
        if met is True:
            return paragraph, True
        if met is None:
            return None, False
    return None, True


def _version_info(family: str, version: EccnVersion, rules: RulePack) -> dict[str, Any]:
    instrument = rules.instruments[version.instrument]
    return {
        "family": family,
        "effective": version.effective.isoformat(),
        "instrument": instrument.id,
        "citation": instrument.citation,
        "confidence": version.confidence,
        "link": instrument.link,
        "summary": " ".join(version.summary.split()),
    }


def _enforced_instruments(rules: RulePack, codified: bool) -> set[str] | None:
    if codified:
        return None
    return {key for key, instrument in rules.instruments.items() if instrument.enforced}


def _classify_ic(spec: ChipSpec, when: dt.date, rules: RulePack, codified: bool) -> dict[str, Any]:
    """Core 3A090 evaluation for the IC (or the IC inside a computer)."""
    family = rules.eccn_families["3A090"]
    version = family.at(when, _enforced_instruments(rules, codified))
    metrics = chip_metrics(spec, rules.bit_lengths)
    outcome: dict[str, Any] = {"version": version, "metrics": metrics, "tests": [], "paragraphs": [],
                               "exclusions": [], "eccn": None, "determinate": True, "failures": {},
                               "successes": {}}
    if version is None or spec.form not in version.applies_to:
        return outcome
    evaluation = _Evaluation(version, metrics, rules)
    paragraphs, exclusions, effective = evaluation.run()
    eccn, determinate = _pick([p.paragraph for p in paragraphs], effective)
    outcome.update(tests=evaluation.tests, paragraphs=paragraphs, exclusions=exclusions, eccn=eccn,
                   determinate=determinate, failures=evaluation.failures, successes=evaluation.successes,
                   effective=effective)
    return outcome


def _final_eccn(spec: ChipSpec, ic_eccn: str | None, when: dt.date, rules: RulePack,
                codified: bool) -> tuple[str | None, list[str], dict[str, Any] | None]:
    """Apply 4A090 (computers) and the .z paragraphs to the IC-level result."""
    notes: list[str] = []
    eccn = ic_eccn
    version_info = None
    if spec.form == "computer":
        family = rules.eccn_families["4A090"]
        version = family.at(when, _enforced_instruments(rules, codified))
        eccn = None
        if version is not None:
            version_info = _version_info("4A090", version, rules)
            citation = rules.instruments[version.instrument].citation
            for paragraph in version.paragraphs:
                if ic_eccn is not None and ic_eccn in (paragraph.contains_ic_paragraph_in or []):
                    eccn = paragraph.paragraph
                    notes.append(f"{paragraph.paragraph}: the item is a computer, assembly or component "
                                 f"containing an IC classified {ic_eccn} ({paragraph.cite}, {citation}).")
                    break
            if ic_eccn is not None and eccn is None:
                notes.append(f"The contained IC is {ic_eccn}, but 4A090 had no paragraph for such computers "
                             f"on {when.isoformat()} ({citation}).")
    if spec.listed_eccn:
        base = spec.listed_eccn.split(".")[0]
        z_version = rules.z_paragraphs.at(when)
        if z_version is not None and base in z_version.eccns and eccn in z_version.triggered_by:
            citation = rules.instruments[z_version.instrument].citation
            notes.append(f"{base}.z: the item is classified under {base} and meets the {eccn} parameters, so it "
                         f"falls in {base}.z and carries the advanced-computing controls ({citation}).")
            eccn = f"{base}.z"
        elif eccn is not None:
            notes.append(f"The item is also described by {spec.listed_eccn}; on {when.isoformat()} no .z paragraph "
                         f"applied, so it is reported under {eccn}.")
    return eccn, notes, version_info


def _die_area_ranges(spec: ChipSpec, when: dt.date, rules: RulePack, codified: bool,
                     version: EccnVersion) -> list[DieAreaRange]:
    tpp = chip_metrics(spec, rules.bit_lengths).tpp.value
    if not tpp:
        return []
    thresholds = {c.threshold for p in version.paragraphs for crit in p.any_of for c in crit.all_of
                  if isinstance(c, Comparison) and c.metric == "performance_density"}
    thresholds |= {c.threshold for e in version.exclusions for c in e.all_of
                   if isinstance(c, Comparison) and c.metric == "performance_density"}
    breakpoints = sorted({tpp / t for t in thresholds if t > 0})
    if not breakpoints:
        return []
    probes = [*breakpoints, breakpoints[-1] * 2]
    ranges: list[DieAreaRange] = []
    low: float | None = None
    for index, probe in enumerate(probes):
        probe_spec = replace_spec(spec, die_area_mm2=probe)
        ic = _classify_ic(probe_spec, when, rules, codified)
        eccn, _notes, _info = _final_eccn(probe_spec, ic["eccn"], when, rules, codified)
        high = probe if index < len(breakpoints) else None
        if ranges and ranges[-1].eccn == eccn:
            ranges[-1] = DieAreaRange(ranges[-1].low_mm2, high, eccn)
        else:
            ranges.append(DieAreaRange(low, high, eccn))
        low = probe
    return [DieAreaRange(None if r.low_mm2 is None else round(r.low_mm2, 1),
                         None if r.high_mm2 is None else round(r.high_mm2, 1), r.eccn) for r in ranges]


def replace_spec(spec: ChipSpec, **changes: Any) -> ChipSpec:
    """A copy of ``spec`` with some figures changed (validated again)."""
    data = spec.model_dump()
    data.update(changes)
    return ChipSpec.model_validate(data)


def _explain_not_in_force(when: dt.date, rules: RulePack, codified: bool) -> str:
    family = rules.eccn_families["3A090"]
    first = family.versions[0]
    instrument = rules.instruments[first.instrument]
    if when < instrument.effective:
        return (f"No advanced-computing ECCN existed on {when.isoformat()}: ECCN 3A090 and 4A090 were created by "
                f"{instrument.citation} ({instrument.title.split(':')[0]}), effective {instrument.effective.isoformat()} "
                f"with the new ECCNs from {first.effective.isoformat()}.")
    return (f"ECCN 3A090 was created by {instrument.citation} but its paragraphs took effect on "
            f"{first.effective.isoformat()}; on {when.isoformat()} it did not yet apply.")


def classify(
    item: str | ChipSpec | CatalogChip | Mapping[str, Any],
    as_of: str | dt.date | None = None,
    *,
    codified: bool = False,
    rules: RulePack | None = None,
) -> Classification:
    """Classify ``item`` (catalogue id or name, spec, or spec mapping) under the rules in force on ``as_of``.

    ``codified=True`` evaluates every codified instrument, including those BIS announced it would not enforce.
    """
    rules = rules or load_rules()
    when = parse_date(as_of, field="as_of")
    spec, entry = resolve_item(item)
    ic = _classify_ic(spec, when, rules, codified)
    metrics: ChipMetrics = ic["metrics"]
    version: EccnVersion | None = ic["version"]
    reasons: list[str] = []
    warnings: list[str] = []
    citations: list[str] = []
    rule_versions: list[dict[str, Any]] = []

    if version is None:
        reasons.append(_explain_not_in_force(when, rules, codified))
    else:
        rule_versions.append(_version_info("3A090", version, rules))
        instrument = rules.instruments[version.instrument]
        citations.append(f"15 CFR part 774, Supp. No. 1, ECCN 3A090 as amended by {instrument.citation}")
        if spec.form not in version.applies_to:
            reasons.append(f"3A090 as in force on {when.isoformat()} ({instrument.citation}) does not cover "
                           f"items of this form ({spec.form}).")
        if version.confidence != "primary":
            warnings.append(f"The 3A090 text in force on {when.isoformat()} ({instrument.citation}) is encoded from "
                            f"{version.confidence.replace('_', '-')} sources, not read in the primary text.")

    ic_eccn: str | None = ic["eccn"]
    determinate: bool = ic["determinate"]
    eccn, notes, info_4a090 = _final_eccn(spec, ic_eccn, when, rules, codified)
    if info_4a090:
        rule_versions.append(info_4a090)
    die_area_ranges: list[DieAreaRange] = []
    possible: list[str | None] = []

    chosen_index = next((i for i, p in enumerate(ic["paragraphs"]) if p.met), None)
    for index, paragraph in enumerate(ic["paragraphs"]):
        citations.append(paragraph.citation)
        if chosen_index is not None and index > chosen_index:
            continue
        if paragraph.met:
            met_parts = [f"{cid} ({', '.join(ic['successes'].get(cid, [])) or 'met'})"
                         for cid in paragraph.criteria_met]
            reasons.append(f"{paragraph.paragraph}: meets " + " and ".join(met_parts) + f" — {paragraph.citation}.")
        elif paragraph.excluded_by:
            exclusion = next(e for e in ic["exclusions"] if e.id == paragraph.excluded_by)
            reasons.append(f"Not {paragraph.paragraph}: {exclusion.citation} applies — {exclusion.text}")
        elif paragraph.met is False and version is not None:
            failures = []
            for criterion_paragraph in version.paragraphs:
                if criterion_paragraph.paragraph != paragraph.paragraph:
                    continue
                for criterion in criterion_paragraph.any_of:
                    parts = ic["failures"].get(criterion.id, [])
                    if parts:
                        failures.append(f"{criterion.id}: {'; '.join(parts)}")
            if failures and all("form is" in part for part in failures):
                continue
            reasons.append(f"Not {paragraph.paragraph}: " + " | ".join(failures))
    reasons.extend(notes)

    if not determinate and version is not None:
        if spec.die_area_mm2 is None:
            die_area_ranges = _die_area_ranges(spec, when, rules, codified, version)
            possible = []
            for area_range in die_area_ranges:
                if area_range.eccn not in possible:
                    possible.append(area_range.eccn)
            undecided = [p.paragraph for p in ic["paragraphs"] if p.met is None]
            reasons.append(
                "Die area unknown: performance density cannot be computed, so "
                + ", ".join(undecided)
                + " cannot be decided. "
                + "; ".join(r.describe() for r in die_area_ranges)
                + "."
            )
            warnings.append("Die area is unknown: the classification is undetermined until the applicable die "
                            "area (all non-planar logic dies) is known.")
        else:
            possible = [p.paragraph for p in ic["paragraphs"] if p.met is None] + [None]
            reasons.append("Some figures are unknown, so the classification cannot be decided.")
        status = "undetermined"
        eccn = None
    else:
        status = "controlled" if eccn else "not_controlled"
        if eccn is None and version is not None and not any(r.startswith("Not ") for r in reasons):
            reasons.append("No advanced-computing paragraph applies.")

    for test in ic["tests"]:
        if test.near_threshold and test.metric in {"total_processing_performance", "performance_density"}:
            warnings.append(
                f"{_METRIC_LABELS[test.metric]} {_number(float(test.value))} is within "  # type: ignore[arg-type]
                f"{rules.near_threshold_tolerance:.0%} of the {_number(float(test.threshold))} threshold of "
                f"{test.paragraph}: datasheet rounding or boost clocks could change the answer; verify the figures."
            )
    for unit in metrics.tpp.inputs.get("units", []):
        if unit.get("decisive_precision") == "tf32":
            note = rules.bit_length_notes.get("tf32", {}).get("note", "")
            warnings.append("TF32 sets this chip's TPP; the bit length used for TF32 is a low-confidence reading. "
                            + " ".join(str(note).split()))
    if entry is not None and entry.reliability == "C":
        warnings.append(f"Catalogue figures for {entry.id} are low-reliability (rumour or unpublished); "
                        "confirm them before relying on this classification.")
    if spec.market == "workstation" and status == "not_controlled":
        warnings.append("Workstation item treated as not designed or marketed for datacenters; a datacenter "
                        "(server) edition of the same silicon is classified separately.")

    return Classification(
        item_id=entry.id if entry else spec.id,
        item_name=entry.name if entry else spec.name,
        as_of=when,
        codified=codified,
        eccn=eccn,
        status=status,  # type: ignore[arg-type]
        possible_eccns=possible,
        metrics=metrics,
        designed_for_datacenter=spec.designed_for_datacenter,
        rule_versions=rule_versions,
        paragraphs=ic["paragraphs"],
        tests=ic["tests"],
        exclusions=ic["exclusions"],
        citations=list(dict.fromkeys(citations)),
        reasons=reasons,
        warnings=list(dict.fromkeys(warnings)),
        rule_data_version=rules.version_label,
        die_area_ranges=die_area_ranges,
        ic_eccn=ic_eccn if spec.form == "computer" else None,
    )


def history_dates(rules: RulePack | None = None) -> list[dt.date]:
    """The dates at which the classification rules change (plus the day before the first)."""
    rules = rules or load_rules()
    dates: set[dt.date] = set()
    for family in rules.eccn_families.values():
        for version in family.versions:
            dates.add(version.effective)
            dates.add(rules.instruments[version.instrument].effective)
    for z_version in rules.z_paragraphs.versions:
        dates.add(z_version.effective)
    ordered = sorted(dates)
    return [ordered[0] - dt.timedelta(days=1), *ordered]


def classification_history(
    item: str | ChipSpec | CatalogChip | Mapping[str, Any],
    *,
    codified: bool = False,
    rules: RulePack | None = None,
    until: dt.date | None = None,
) -> list[Classification]:
    """The classification at every date the classification rules change."""
    rules = rules or load_rules()
    spec, entry = resolve_item(item)
    target = entry if entry is not None else spec
    dates = [d for d in history_dates(rules) if until is None or d <= until]
    return [classify(target, d, codified=codified, rules=rules) for d in dates]


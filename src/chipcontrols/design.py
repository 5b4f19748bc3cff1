"""The design envelope: the strongest variant of a chip design that ships without a licence (or under NAC/ACA).

Starting from a base spec, each *knob* is varied over a range and every combination is classified and
determined for one destination as of one date:

    peak              factor applied to every dense peak rate (the rates scale together), e.g. 0.5:1.5:0.05
    tpp               the same, given as the target TPP instead of a factor, e.g. 1000:4800:100
    die_area          applicable die area, mm²
    memory_bandwidth  memory bandwidth, GB/s
    interconnect      bidirectional chip-to-chip transfer rate, GB/s

The answer is the configuration with the highest TPP that needs no licence, and the one with the highest
TPP that is eligible for License Exception NAC/ACA, each with its margin to every threshold tested
(value − threshold: how far the design can still move before the test flips).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chipcontrols.catalog import ChipSpec
from chipcontrols.classification import classify
from chipcontrols.classification.engine import replace_spec
from chipcontrols.errors import InputError
from chipcontrols.metrics import chip_metrics

__all__ = [
    "KNOBS",
    "Assessment",
    "Configuration",
    "DesignResult",
    "Knob",
    "apply_knobs",
    "explore",
    "parse_knob",
]

KNOBS: dict[str, str] = {
    "peak": "factor on every dense peak rate",
    "tpp": "target total processing performance (rates scaled together)",
    "die_area": "die_area_mm2",
    "memory_bandwidth": "memory_bandwidth_gbps",
    "interconnect": "interconnect_bidirectional_gbps",
}
MAX_CONFIGURATIONS = 50_000
_DEFAULT_POINTS = 21


@dataclass(frozen=True)
class Knob:
    """One varied figure and the values it takes."""

    name: str
    values: tuple[float, ...]


def parse_knob(text: str) -> Knob:
    """``NAME=MIN:MAX[:STEP]`` (21 evenly spaced values when STEP is left out)."""
    name, _, span = text.partition("=")
    name = name.strip().lower().replace("-", "_")
    if name not in KNOBS:
        raise InputError(f"--vary {text!r}: unknown knob {name!r}; use one of {', '.join(KNOBS)}.")
    parts = span.split(":")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (2, 3) or not all(math.isfinite(n) for n in numbers):
        raise InputError(f"--vary {text!r}: write the range as {name}=MIN:MAX or {name}=MIN:MAX:STEP.")
    low, high = numbers[0], numbers[1]
    if low <= 0 or high < low:
        raise InputError(f"--vary {text!r}: need 0 < MIN ≤ MAX.")
    if len(numbers) == 3:
        step = numbers[2]
        if step <= 0:
            raise InputError(f"--vary {text!r}: STEP must be greater than zero.")
        count = int(math.floor((high - low) / step + 1e-9)) + 1
        values = tuple(round(low + i * step, 10) for i in range(count))
    elif high == low:
        values = (low,)
    else:
        values = tuple(
            round(low + (high - low) * i / (_DEFAULT_POINTS - 1), 10) for i in range(_DEFAULT_POINTS)
        )
    return Knob(name, values)


def _tpp(spec: ChipSpec) -> float:
    value = chip_metrics(spec).tpp.value
    return float(value or 0.0)


def apply_knobs(base: ChipSpec, settings: dict[str, float], base_tpp: float | None = None) -> ChipSpec:
    """``base`` with the knob settings applied."""
    changes: dict[str, Any] = {}
    factor = settings.get("peak")
    if "tpp" in settings:
        reference = base_tpp if base_tpp is not None else _tpp(base)
        if reference <= 0:
            raise InputError("The base spec has no TPP to scale; give its dense peak rates.")
        factor = settings["tpp"] / reference
    if factor is not None:
        changes["dense_peak"] = {precision: rate * factor for precision, rate in base.dense_peak.items()}
        if base.processing_units:
            changes["processing_units"] = [
                {**unit.model_dump(), "dense_peak": {p: r * factor for p, r in unit.dense_peak.items()}}
                for unit in base.processing_units
            ]
    for knob, figure in (
        ("die_area", "die_area_mm2"),
        ("memory_bandwidth", "memory_bandwidth_gbps"),
        ("interconnect", "interconnect_bidirectional_gbps"),
    ):
        if knob in settings:
            changes[figure] = settings[knob]
    if not changes:
        return base
    return replace_spec(base, name=base.name, id=None, **changes)


@dataclass(frozen=True)
class Assessment:
    """The licence answer for one configuration."""

    outcome: str
    license_required: bool | None
    nac_aca_eligible: bool | None
    exceptions: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


Assessor = Callable[[ChipSpec, str, dt.date, bool], Assessment]


def _field(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def licensing_assessor(exporter: str | None = None) -> Assessor:
    """The licensing engine's answer for a datacenter end user in (and headquartered in) the destination.

    ``exporter`` matters for company-specific letters; the default is the base spec's vendor.
    """

    def assess(spec: ChipSpec, destination: str, as_of: dt.date, codified: bool) -> Assessment:
        from chipcontrols.licensing import Shipment, determine

        shipment = Shipment(
            as_of=as_of,
            item={"spec": spec.to_public_dict()},
            quantity=1,
            exporter=exporter or spec.vendor or None,
            destination=destination,
            end_user={"name": "datacenter customer", "country": destination, "headquarters": destination},
            end_use="datacenter",
        )
        determination = determine(shipment, codified=codified)
        available = []
        for exception in _field(determination, "exceptions") or []:
            code = (
                exception
                if isinstance(exception, str)
                else (_field(exception, "code") or _field(exception, "id"))
            )
            appears = True if isinstance(exception, str) else _field(exception, "appears_available")
            if code and appears is True:
                available.append(str(code))
        nac = any(code.upper().startswith(("NAC", "ACA")) for code in available)
        reasons = tuple(
            str(_field(r, "rule_id") or _field(r, "paragraph") or "") for r in determination.reasons
        )
        outcome = getattr(determination.outcome, "value", determination.outcome)
        return Assessment(str(outcome), bool(determination.license_required), nac, tuple(available), reasons)

    return assess


def classification_assessor(spec: ChipSpec, destination: str, as_of: dt.date, codified: bool) -> Assessment:
    """Fallback without the licensing engine: an item outside 3A090/4A090 is taken to need no licence."""
    result = classify(spec, as_of, codified=codified)
    if result.status == "not_controlled":
        return Assessment("no_license_required", False, None)
    if result.status == "undetermined":
        return Assessment("insufficient_data", None, None)
    return Assessment("license_required", True, None, reasons=(result.eccn or "",))


def default_assessor(exporter: str | None = None) -> Assessor:
    try:
        import chipcontrols.licensing  # noqa: F401
    except ImportError:
        return classification_assessor
    return licensing_assessor(exporter)


@dataclass
class Configuration:
    """One point of the grid with its classification and licence answer."""

    settings: dict[str, float]
    spec: ChipSpec
    tpp: float
    performance_density: float | None
    eccn: str | None
    status: str
    assessment: Assessment
    margins: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": self.settings,
            "tpp": self.tpp,
            "performance_density": self.performance_density,
            "die_area_mm2": self.spec.die_area_mm2,
            "memory_bandwidth_gbps": self.spec.memory_bandwidth_gbps,
            "interconnect_bidirectional_gbps": self.spec.interconnect_bidirectional_gbps,
            "eccn": self.eccn,
            "classification_status": self.status,
            "outcome": self.assessment.outcome,
            "license_required": self.assessment.license_required,
            "nac_aca_eligible": self.assessment.nac_aca_eligible,
            "exceptions": list(self.assessment.exceptions),
            "reasons": list(self.assessment.reasons),
            "margins": self.margins,
            "spec": self.spec.to_public_dict(),
        }


@dataclass
class DesignResult:
    """Every configuration evaluated and the best ones."""

    base: Configuration
    destination: str
    as_of: dt.date
    codified: bool
    knobs: list[Knob]
    configurations: list[Configuration]
    best_no_license: Configuration | None
    best_nac_aca: Configuration | None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self, *, include_grid: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "destination": self.destination,
            "as_of": self.as_of.isoformat(),
            "rules": "codified" if self.codified else "enforced",
            "knobs": {knob.name: [knob.values[0], knob.values[-1], len(knob.values)] for knob in self.knobs},
            "configurations_evaluated": len(self.configurations),
            "base": self.base.to_dict(),
            "best_no_license": self.best_no_license.to_dict() if self.best_no_license else None,
            "best_nac_aca": self.best_nac_aca.to_dict() if self.best_nac_aca else None,
            "warnings": self.warnings,
        }
        if include_grid:
            data["grid"] = [
                {key: value for key, value in c.to_dict().items() if key not in {"margins", "spec"}}
                for c in self.configurations
            ]
        return data


def _margins(result: Any) -> list[dict[str, Any]]:
    """Every numeric threshold tested, with value − threshold (deduplicated, in rule order)."""
    seen = set()
    margins = []
    for test in result.tests:
        if not isinstance(test.threshold, (int, float)) or test.value is None:
            continue
        key = (test.paragraph, test.metric, test.op, test.threshold)
        if key in seen:
            continue
        seen.add(key)
        margins.append(
            {
                "paragraph": test.paragraph,
                "metric": test.metric,
                "op": test.op,
                "threshold": test.threshold,
                "value": test.value,
                "met": test.met,
                "margin": test.margin,
                "relative_margin": test.relative_margin,
                "citation": test.citation,
            }
        )
    return margins


def _evaluate(
    settings: dict[str, float],
    spec: ChipSpec,
    destination: str,
    as_of: dt.date,
    codified: bool,
    assessor: Assessor,
) -> Configuration:
    result = classify(spec, as_of, codified=codified)
    return Configuration(
        settings=settings,
        spec=spec,
        tpp=float(result.metrics.tpp.value or 0.0),
        performance_density=result.metrics.performance_density.value,
        eccn=result.eccn,
        status=result.status,
        assessment=assessor(spec, destination, as_of, codified),
        margins=_margins(result),
    )


def explore(
    base: ChipSpec,
    knobs: Sequence[Knob],
    *,
    destination: str,
    as_of: dt.date,
    codified: bool = False,
    assessor: Assessor | None = None,
    exporter: str | None = None,
) -> DesignResult:
    """Evaluate every combination of knob values; return the best configurations."""
    names = [knob.name for knob in knobs]
    if len(set(names)) != len(names):
        raise InputError("Each knob may be varied only once.")
    if "peak" in names and "tpp" in names:
        raise InputError("Vary either peak or tpp, not both: they move the same rates.")
    total = math.prod(len(knob.values) for knob in knobs) if knobs else 1
    if total > MAX_CONFIGURATIONS:
        raise InputError(
            f"{total:,} configurations is too many (at most {MAX_CONFIGURATIONS:,}); use larger steps."
        )
    destination = destination.strip().upper()
    assess = assessor or default_assessor(exporter)
    warnings = []
    if assess is classification_assessor:
        warnings.append(
            "The licensing engine is not available: 'no licence' here means outside 3A090/4A090, "
            "and NAC/ACA eligibility is not assessed."
        )
    base_tpp = _tpp(base)
    base_config = _evaluate({}, base, destination, as_of, codified, assess)
    configurations = []
    for values in itertools.product(*(knob.values for knob in knobs)):
        settings = dict(zip(names, values, strict=True))
        spec = apply_knobs(base, settings, base_tpp)
        configurations.append(_evaluate(settings, spec, destination, as_of, codified, assess))

    def best(predicate: Callable[[Configuration], bool]) -> Configuration | None:
        chosen = [c for c in configurations if predicate(c)]
        if not chosen:
            return None
        # Highest TPP; between equal TPPs the smaller die (higher density, cheaper to make), then the
        # higher memory and interconnect bandwidths.
        return max(
            chosen,
            key=lambda c: (
                round(c.tpp, 6),
                round(c.performance_density or 0.0, 9),
                c.spec.memory_bandwidth_gbps or 0.0,
                c.spec.interconnect_bidirectional_gbps or 0.0,
            ),
        )

    return DesignResult(
        base=base_config,
        destination=destination,
        as_of=as_of,
        codified=codified,
        knobs=list(knobs),
        configurations=configurations,
        best_no_license=best(lambda c: c.assessment.outcome == "no_license_required"),
        best_nac_aca=best(lambda c: bool(c.assessment.nac_aca_eligible)),
        warnings=warnings,
    )

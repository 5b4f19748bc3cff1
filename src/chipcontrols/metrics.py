"""The regulated metrics of a chip, as pure functions of its datasheet figures (no dates, no law).

- total processing performance (TPP, Technical Note to 3A090): for each processing unit, the maximum
  over precisions of dense peak (TOPS, a multiply-accumulate counted as 2) × bit length of the operation;
  summed over all processing units. Sparse figures are never used (spec figures are dense by definition).
- performance density: TPP ÷ applicable die area (mm²); unknown when the die area is unknown.
- memory-bandwidth density (3A090.c): memory bandwidth (GB/s) ÷ package or stack area (mm²).

Each function returns a ``MetricValue``: the number, its unit, the formula written out with the figures
used, and the inputs, so that every classification can show its arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from chipcontrols.catalog.spec import ChipSpec

__all__ = [
    "ChipMetrics",
    "MetricValue",
    "chip_metrics",
    "memory_bandwidth_density",
    "performance_density",
    "total_processing_performance",
    "unit_tpp",
]


@dataclass(frozen=True)
class MetricValue:
    """A computed metric with the arithmetic that produced it. ``value`` is None when an input is unknown."""

    name: str
    value: float | None
    unit: str
    formula: str
    inputs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "formula": self.formula, "inputs": self.inputs}


def _fmt(number: float) -> str:
    text = f"{number:,.3f}".rstrip("0").rstrip(".")
    return text


def unit_tpp(dense_peak: Mapping[str, float], bit_lengths: Mapping[str, int]) -> tuple[float, str | None]:
    """TPP of one processing unit: max over precisions of rate × bit length; returns (tpp, decisive precision)."""
    best, decisive = 0.0, None
    for precision, rate in dense_peak.items():
        if precision not in bit_lengths:
            raise KeyError(f"no bit length defined for precision {precision!r}")
        product = rate * bit_lengths[precision]
        if product > best or decisive is None:
            best, decisive = product, precision
    return best, decisive


def total_processing_performance(spec: ChipSpec, bit_lengths: Mapping[str, int]) -> MetricValue:
    """TPP of one integrated circuit (for a computer: of each IC it contains)."""
    parts: list[dict[str, Any]] = []
    total = 0.0
    units: list[tuple[str, int, Mapping[str, float]]] = []
    if spec.dense_peak:
        units.append(("main", 1, spec.dense_peak))
    units.extend((unit.name, unit.count, unit.dense_peak) for unit in spec.processing_units)
    terms = []
    for name, count, rates in units:
        tpp, decisive = unit_tpp(rates, bit_lengths)
        total += tpp * count
        candidates = {p: round(r * bit_lengths[p], 6) for p, r in rates.items()}
        parts.append(
            {"unit": name, "count": count, "tpp": tpp, "decisive_precision": decisive, "candidates": candidates}
        )
        if decisive is not None:
            term = f"{_fmt(rates[decisive])} TOPS ({decisive}) × {bit_lengths[decisive]}"
            terms.append(f"{count} × ({term})" if count > 1 else term)
    formula = (
        "max over precisions of dense peak × bit length"
        + (", summed over processing units" if len(units) > 1 else "")
        + ": "
        + " + ".join(terms)
        + f" = {_fmt(total)}"
    )
    return MetricValue("total_processing_performance", total, "TPP (bit-TOPS)", formula, {"units": parts})


def performance_density(tpp: float | None, die_area_mm2: float | None) -> MetricValue:
    """TPP ÷ applicable die area; unknown (None) when either is unknown."""
    if tpp is None or die_area_mm2 is None:
        return MetricValue(
            "performance_density",
            None,
            "TPP/mm²",
            "TPP ÷ applicable die area: die area unknown" if die_area_mm2 is None else "TPP unknown",
            {"tpp": tpp, "die_area_mm2": die_area_mm2},
        )
    value = tpp / die_area_mm2
    return MetricValue(
        "performance_density",
        value,
        "TPP/mm²",
        f"TPP ÷ applicable die area = {_fmt(tpp)} ÷ {_fmt(die_area_mm2)} mm² = {value:.3f}",
        {"tpp": tpp, "die_area_mm2": die_area_mm2},
    )


def memory_bandwidth_density(bandwidth_gbps: float | None, area_mm2: float | None) -> MetricValue:
    """Memory bandwidth (GB/s) ÷ package or stack area (mm²), for 3A090.c."""
    if bandwidth_gbps is None or area_mm2 is None:
        return MetricValue(
            "memory_bandwidth_density", None, "GB/s/mm²", "memory bandwidth ÷ package area: input unknown",
            {"memory_bandwidth_gbps": bandwidth_gbps, "area_mm2": area_mm2},
        )
    value = bandwidth_gbps / area_mm2
    return MetricValue(
        "memory_bandwidth_density",
        value,
        "GB/s/mm²",
        f"memory bandwidth ÷ package area = {_fmt(bandwidth_gbps)} GB/s ÷ {_fmt(area_mm2)} mm² = {value:.3f}",
        {"memory_bandwidth_gbps": bandwidth_gbps, "area_mm2": area_mm2},
    )


@dataclass(frozen=True)
class ChipMetrics:
    """All metrics of a spec, keyed by the names the rule data uses."""

    tpp: MetricValue
    performance_density: MetricValue
    memory_bandwidth_density: MetricValue
    spec: ChipSpec

    def values(self) -> dict[str, float | None]:
        """Metric and figure values by rule-data name (used by the rule conditions)."""
        return {
            "total_processing_performance": self.tpp.value if self.spec.form != "hbm" else None,
            "performance_density": self.performance_density.value,
            "memory_bandwidth_density": self.memory_bandwidth_density.value,
            "interconnect_bidirectional_gbps": self.spec.interconnect_bidirectional_gbps,
            "memory_bandwidth_gbps": self.spec.memory_bandwidth_gbps,
            "die_area_mm2": self.spec.die_area_mm2,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "tpp": self.tpp.value,
            "performance_density": self.performance_density.value,
            "memory_bandwidth_density": self.memory_bandwidth_density.value,
            "memory_bandwidth_gbps": self.spec.memory_bandwidth_gbps,
            "interconnect_bidirectional_gbps": self.spec.interconnect_bidirectional_gbps,
            "die_area_mm2": self.spec.die_area_mm2,
            "formulas": {
                "tpp": self.tpp.formula,
                "performance_density": self.performance_density.formula,
                "memory_bandwidth_density": self.memory_bandwidth_density.formula,
            },
            "tpp_detail": self.tpp.inputs,
        }


def chip_metrics(spec: ChipSpec, bit_lengths: Mapping[str, int] | None = None) -> ChipMetrics:
    """Every metric of ``spec``. Bit lengths default to the rule pack's definitions."""
    if bit_lengths is None:
        from chipcontrols.rules import load_rules

        bit_lengths = load_rules().bit_lengths
    if spec.form == "hbm":
        tpp = MetricValue("total_processing_performance", 0.0, "TPP (bit-TOPS)", "HBM stack: no processing units")
    else:
        tpp = total_processing_performance(spec, bit_lengths)
    density = performance_density(tpp.value if spec.form != "hbm" else None, spec.die_area_mm2)
    bandwidth_density = memory_bandwidth_density(
        spec.memory_bandwidth_gbps if spec.form == "hbm" else None, spec.hbm_package_area_mm2
    )
    return ChipMetrics(tpp, density, bandwidth_density, spec)

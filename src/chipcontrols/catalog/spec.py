"""The chip specification every calculation starts from, and how user-written spec files are read.

A ``ChipSpec`` holds datasheet figures only (no dates, no law). Figures nobody published are ``None``,
never guessed. A spec file (YAML or JSON) written by a user has these keys:

    name:                              free text
    market:                            datacenter | consumer | workstation
    dense_peak:                        {precision: dense peak in TOPS/TFLOPS}; a MAC counts as 2 operations
    die_area_mm2:                      applicable die area (all non-planar logic dies), mm2
    interconnect_bidirectional_gbps:   aggregate bidirectional chip-to-chip rate, GB/s
    memory_bandwidth_gbps:             memory (DRAM/HBM) bandwidth, GB/s

and, optionally, ``processing_units`` (further units whose TPP is added, e.g. deep-learning accelerators
beside a GPU), ``form`` (integrated_circuit | computer | hbm), ``ics_per_item`` (for computers),
``hbm_package_area_mm2`` (for a stand-alone HBM stack), ``listed_eccn`` (the CCL entry the item is otherwise
classified under, for the .z paragraphs), ``id`` and ``vendor``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from chipcontrols.datafiles import read_mapping_file
from chipcontrols.errors import SpecError
from chipcontrols.units import UnitError, to_gbps, to_mm2, to_tops

__all__ = [
    "MARKETS",
    "PRECISIONS",
    "ChipSpec",
    "Form",
    "Market",
    "Precision",
    "ProcessingUnit",
    "load_spec_file",
    "spec_from_mapping",
]

Precision = Literal["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "fp6", "fp4", "int4"]
PRECISIONS: tuple[str, ...] = ("fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "fp6", "fp4", "int4")
Market = Literal["datacenter", "consumer", "workstation"]
MARKETS: tuple[str, ...] = ("datacenter", "consumer", "workstation")
Form = Literal["integrated_circuit", "computer", "hbm"]


def _rates(value: Any, field: str) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{field} must be a mapping from precision to dense peak (TOPS), e.g. {{fp8: 296}}")
    rates: dict[str, float] = {}
    for precision, rate in value.items():
        key = str(precision).strip().lower()
        if key not in PRECISIONS:
            raise ValueError(
                f"{field}: unknown precision {precision!r}; use one of {', '.join(PRECISIONS)}"
            )
        if rate is None:
            continue
        try:
            rates[key] = to_tops(rate, f"{field}.{key}")
        except UnitError as error:
            raise ValueError(str(error)) from None
    return rates


class ProcessingUnit(BaseModel):
    """A further processing unit on the same IC (its TPP is added to the main one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    count: int = Field(default=1, ge=1)
    dense_peak: dict[str, float]

    @field_validator("dense_peak", mode="before")
    @classmethod
    def _check_rates(cls, value: Any) -> dict[str, float]:
        return _rates(value, "processing_units.dense_peak")


class ChipSpec(BaseModel):
    """Datasheet figures of one item. ``None`` means unknown (not published), never zero."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    market: Market
    dense_peak: dict[str, float] = Field(default_factory=dict)
    die_area_mm2: float | None = None
    interconnect_bidirectional_gbps: float | None = None
    memory_bandwidth_gbps: float | None = None
    processing_units: tuple[ProcessingUnit, ...] = ()
    form: Form = "integrated_circuit"
    ics_per_item: int = Field(default=1, ge=1)
    hbm_package_area_mm2: float | None = None
    listed_eccn: str | None = None
    id: str | None = None
    vendor: str | None = None

    @field_validator("dense_peak", mode="before")
    @classmethod
    def _check_rates(cls, value: Any) -> dict[str, float]:
        return _rates(value, "dense_peak")

    @field_validator("die_area_mm2", "hbm_package_area_mm2", mode="before")
    @classmethod
    def _check_area(cls, value: Any, info: Any) -> float | None:
        if value is None:
            return None
        try:
            area = to_mm2(value, info.field_name)
        except UnitError as error:
            raise ValueError(str(error)) from None
        if area == 0:
            raise ValueError(f"{info.field_name} must be greater than zero (leave it out when unknown)")
        return area

    @field_validator("interconnect_bidirectional_gbps", "memory_bandwidth_gbps", mode="before")
    @classmethod
    def _check_bandwidth(cls, value: Any, info: Any) -> float | None:
        if value is None:
            return None
        try:
            return to_gbps(value, info.field_name)
        except UnitError as error:
            raise ValueError(str(error)) from None

    @field_validator("listed_eccn")
    @classmethod
    def _check_eccn(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = value.strip().upper()
        if not text or len(text) < 5 or not text[0].isdigit():
            raise ValueError(f"listed_eccn {value!r} is not an ECCN such as 5A992")
        return text

    @model_validator(mode="after")
    def _check_consistency(self) -> ChipSpec:
        if self.form == "hbm":
            if self.memory_bandwidth_gbps is None or self.hbm_package_area_mm2 is None:
                raise ValueError(
                    "an HBM item (form: hbm) needs memory_bandwidth_gbps and hbm_package_area_mm2"
                )
        elif not self.dense_peak and not self.processing_units:
            raise ValueError("dense_peak must give at least one precision's dense peak rate")
        for value in self.dense_peak.values():
            if not math.isfinite(value):
                raise ValueError("dense_peak values must be finite")
        return self

    @property
    def designed_for_datacenter(self) -> bool:
        """Whether the item is designed or marketed for use in datacenters (Note 2 to 3A090)."""
        return self.market == "datacenter"

    def to_public_dict(self) -> dict[str, Any]:
        """The spec as a spec file would write it (unknowns and defaults left out)."""
        data = self.model_dump(exclude_none=True, exclude_defaults=True)
        data["name"] = self.name
        data["market"] = self.market
        return data


def _format_validation_error(error: ValidationError, origin: str) -> str:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if item["type"] == "extra_forbidden":
            message = "unknown key (allowed: " + ", ".join(sorted(ChipSpec.model_fields)) + ")"
        elif item["type"] == "literal_error" and item["loc"] and item["loc"][0] == "market":
            message = f"must be one of {', '.join(MARKETS)} (got {item.get('input')!r})"
        elif item["type"] == "missing":
            message = "is required"
        problems.append(f"{location}: {message}")
    return f"Invalid chip specification in {origin}: " + "; ".join(problems)


def spec_from_mapping(data: Any, origin: str = "spec") -> ChipSpec:
    """Build a ChipSpec from a parsed mapping; every problem becomes one SpecError naming the keys."""
    if not isinstance(data, dict):
        raise SpecError(f"Invalid chip specification in {origin}: expected a mapping of keys to values.")
    try:
        return ChipSpec.model_validate(data)
    except ValidationError as error:
        raise SpecError(_format_validation_error(error, origin)) from None


def load_spec_file(path: str | Path) -> ChipSpec:
    """Read a YAML or JSON spec file."""
    data = read_mapping_file(path, SpecError, "Spec file")
    return spec_from_mapping(data, origin=repr(str(path)))

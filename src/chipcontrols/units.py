"""Reading numbers with optional units ("4.0 TB/s", "814 mm2", "1.98 PFLOPS") into the units the rules use.

The rules use tera-operations per second for peak rates, gigabytes per second for bandwidths and
square millimetres for die areas. A plain number is taken to be in those units already; a number with
a unit of the wrong kind (watts for a bandwidth, say) is an error, never silently converted.
"""

from __future__ import annotations

import math
import re

__all__ = ["UnitError", "to_gbps", "to_mm2", "to_tops", "parse_quantity"]


class UnitError(ValueError):
    """A value's unit is missing, unknown or of the wrong kind. Carries a user-facing message."""


_RATE = {  # to tera-operations per second
    "tops": 1.0, "tflops": 1.0, "top/s": 1.0, "tflop/s": 1.0,
    "pops": 1e3, "pflops": 1e3, "pflop/s": 1e3,
    "gops": 1e-3, "gflops": 1e-3, "gflop/s": 1e-3,
}
_BANDWIDTH = {  # to gigabytes per second (decimal)
    "gb/s": 1.0, "gbyte/s": 1.0, "gbytes/s": 1.0, "gbps": 1.0,
    "tb/s": 1e3, "tbyte/s": 1e3, "tbps": 1e3,
    "mb/s": 1e-3,
}
_AREA = {"mm2": 1.0, "mm^2": 1.0, "mm²": 1.0, "cm2": 100.0, "cm^2": 100.0, "cm²": 100.0}

_KIND_UNITS = {"rate": _RATE, "bandwidth": _BANDWIDTH, "area": _AREA}
_KIND_NAMES = {
    "rate": "a peak rate (TOPS, TFLOPS, PFLOPS)",
    "bandwidth": "a bandwidth (GB/s, TB/s)",
    "area": "an area (mm2, cm2)",
}
_NUMBER_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*([^\d\s].*)?$")


def parse_quantity(value: object, kind: str, field: str) -> float:
    """Return ``value`` in the base unit of ``kind`` ('rate', 'bandwidth' or 'area')."""
    if isinstance(value, bool):
        raise UnitError(f"{field}: expected a number, got {value!r}.")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        match = _NUMBER_UNIT.match(value)
        if not match:
            raise UnitError(f"{field}: {value!r} is not a number (expected {_KIND_NAMES[kind]}).")
        number = float(match.group(1).replace(",", "."))
        unit = (match.group(2) or "").strip().lower().replace(" ", "")
        if unit:
            table = _KIND_UNITS[kind]
            if unit not in table:
                raise UnitError(
                    f"{field}: unit {match.group(2).strip()!r} is not {_KIND_NAMES[kind]}; "
                    f"give the value in one of: {', '.join(sorted(table))}."
                )
            number *= table[unit]
    else:
        raise UnitError(f"{field}: expected a number, got {type(value).__name__}.")
    if not math.isfinite(number):
        raise UnitError(f"{field}: {value!r} is not a finite number.")
    if number < 0:
        raise UnitError(f"{field}: {value!r} is negative; it must be zero or more.")
    return number


def to_tops(value: object, field: str) -> float:
    return parse_quantity(value, "rate", field)


def to_gbps(value: object, field: str) -> float:
    return parse_quantity(value, "bandwidth", field)


def to_mm2(value: object, field: str) -> float:
    return parse_quantity(value, "area", field)

"""Impact over time and the design envelope, computed from the classifier and the rules timeline.

- impact: how many catalogue chips each status covers at each date the rules changed.
- design envelope: for a die area and a date, the largest dense peak (at one precision) a chip can have
  and still be outside the controls, found by bisection over the classifier itself, so it always agrees
  with ``classify``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from chipcontrols.api import engine
from chipcontrols.catalog import load_catalog
from chipcontrols.dates import today
from chipcontrols.errors import ChipControlsError
from chipcontrols.rules import load_rules

__all__ = ["design_envelope", "impact_over_time", "is_controlled"]


def is_controlled(classification: dict[str, Any]) -> bool:
    """Whether a classification puts the item under an advanced-computing control ("undetermined" is not)."""
    return classification.get("status") == "controlled"


def _dates(start: dt.date | None, end: dt.date | None) -> list[dt.date]:
    days = set(engine.change_dates())
    days.add(today())
    return sorted(day for day in days if (start is None or day >= start) and (end is None or day <= end))


def impact_over_time(start: dt.date | None = None, end: dt.date | None = None) -> dict[str, Any]:
    chips = list(load_catalog())
    series = []
    for day in _dates(start, end):
        statuses: Counter[str] = Counter()
        controlled: list[str] = []
        for chip in chips:
            try:
                data = engine.classify_item(chip.id, day)
            except ChipControlsError:
                statuses["error"] += 1
                continue
            statuses[str(data.get("status"))] += 1
            if is_controlled(data):
                controlled.append(chip.id)
        series.append({"date": day.isoformat(), "chips": len(chips), "controlled": len(controlled),
                       "by_status": dict(sorted(statuses.items())), "controlled_chips": controlled})
    return {"series": series}


def design_envelope(die_area_mm2: float, market: str, as_of: dt.date | None, precision: str) -> dict[str, Any]:
    bits = load_rules().bit_lengths[precision]  # the rule pack's definition of TPP, not a copy

    def controlled(rate: float) -> bool:
        spec = {"name": "design envelope probe", "market": market, "dense_peak": {precision: rate},
                "die_area_mm2": die_area_mm2}
        return is_controlled(engine.classify_item(spec, as_of))

    low, high = 0.0, 64.0
    while not controlled(high):
        high *= 4
        if high > 1e9:
            return {"die_area_mm2": die_area_mm2, "precision": precision, "market": market,
                    "as_of": (as_of or today()).isoformat(), "max_dense_tops": None, "max_tpp": None,
                    "note": "no performance level is controlled for this die area, market and date"}
    if controlled(low + 1e-9):
        low = 0.0
    for _ in range(40):
        middle = (low + high) / 2
        if controlled(middle):
            high = middle
        else:
            low = middle
        if high - low < 0.01:
            break
    return {
        "die_area_mm2": die_area_mm2, "precision": precision, "market": market,
        "as_of": (as_of or today()).isoformat(),
        "max_dense_tops": round(low, 2), "max_tpp": round(low * bits, 1),
        "max_performance_density": round(low * bits / die_area_mm2, 3),
    }

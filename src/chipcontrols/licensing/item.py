"""What the licensing rules need to know about the shipped item: its possible ECCNs and its metrics.

A catalogue chip or an inline spec is classified as of the shipment date (``chipcontrols.classification``);
a declared ECCN is taken as given, with its metrics unknown. The metric names are those of the rule data
(``ChipMetrics.values()``) plus ``shipment_tpp`` (quantity × TPP) and ``total_dram_bandwidth_gbps``
(approximated by the memory bandwidth; the Jan 2026 rule defines it in Supp. No. 2 to part 748).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chipcontrols.licensing.shipment import Shipment

__all__ = ["ItemFacts", "item_facts"]


@dataclass(frozen=True)
class ItemFacts:
    eccns: tuple[str | None, ...]
    metrics: dict[str, float | None]
    designed_for_datacenter: bool | None
    classification: dict[str, Any] | None
    item_name: str
    warnings: list[str] = field(default_factory=list)


def _classify(item: Any, as_of: dt.date, codified: bool, rules: Any) -> Any:
    from chipcontrols.classification import classify

    return classify(item, as_of, codified=codified, rules=rules)


def item_facts(shipment: Shipment, *, codified: bool, rules: Any) -> ItemFacts:
    """Classify the item (or take the declared ECCN) and gather the metrics the conditions read."""
    item = shipment.item
    warnings: list[str] = []
    if item.eccn is not None:
        warnings.append(
            f"The item is declared as {item.eccn}; it was not classified here, so metric-based rules "
            "(informed letters, review-policy thresholds, licence-exception limits) cannot be checked."
        )
        metrics: dict[str, float | None] = {}
        return ItemFacts(
            eccns=(None if item.eccn == "EAR99" else item.eccn,),
            metrics=metrics,
            designed_for_datacenter=item.designed_for_datacenter,
            classification={"eccn": item.eccn, "status": "declared", "source": "declared by the user"},
            item_name=item.eccn,
            warnings=warnings,
        )
    if item.spec is not None:
        from chipcontrols.catalog.spec import spec_from_mapping

        subject: Any = spec_from_mapping(dict(item.spec))
    else:
        subject = item.chip
    result = _classify(subject, shipment.as_of, codified, rules)
    status = getattr(result, "status", None)
    if status == "controlled":
        eccns: tuple[str | None, ...] = (result.eccn,)
    elif status == "not_controlled":
        eccns = (None,)
    else:
        possible = tuple(getattr(result, "possible_eccns", ()) or ())
        eccns = possible or (None,)
        warnings.append(
            "Classification undetermined (" + ", ".join(str(e) for e in eccns) + "): "
            + "; ".join(getattr(result, "warnings", ()) or ["missing figures"])
        )
    values: dict[str, float | None] = {}
    chip_metrics = getattr(result, "metrics", None)
    if chip_metrics is not None:
        values.update(chip_metrics.values())
    tpp = values.get("total_processing_performance")
    values["shipment_tpp"] = tpp * shipment.quantity if tpp is not None else None
    values["total_dram_bandwidth_gbps"] = values.get("memory_bandwidth_gbps")
    datacenter = getattr(result, "designed_for_datacenter", None)
    if item.designed_for_datacenter is not None:
        datacenter = item.designed_for_datacenter
    return ItemFacts(
        eccns=eccns,
        metrics=values,
        designed_for_datacenter=datacenter,
        classification=result.to_dict(),
        item_name=str(getattr(result, "item_name", None) or item.chip or (item.spec or {}).get("name", "item")),
        warnings=warnings,
    )

"""What-if rule packs: the bundled rules with some thresholds changed, for impact analysis.

An override is written ``CRITERION.METRIC[.min|.max]=VALUE``::

    3A090.a.1.total_processing_performance=4000        every TPP threshold of criterion 3A090.a.1
    3A090.b.1.total_processing_performance.min=2000    only its lower bound (>= or >)
    3A090.b.1.performance_density.max=6.5              only its upper bound (< or <=)

CRITERION is a criterion id (``any_of[].id``) or an exclusion id (``3A090-note-2``) of any ECCN family of
the rule pack; the change applies to every version of the rule that has that criterion, so the date of
the scenario still chooses the version. The result is a new, validated ``RulePack`` whose version says
that it is a what-if.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from chipcontrols.errors import InputError
from chipcontrols.rules import RulePack, build_rule_pack, load_rules

__all__ = ["ThresholdOverride", "apply_overrides", "parse_override"]

_PATTERN = re.compile(
    r"^\s*(?P<criterion>[^=]+?)\.(?P<metric>[a-z_]+)(?:\.(?P<bound>min|max))?\s*=\s*(?P<value>[-+0-9.eE]+)\s*$"
)
_LOWER = {">=", ">"}
_UPPER = {"<", "<="}


@dataclass(frozen=True)
class ThresholdOverride:
    criterion: str
    metric: str
    bound: str | None
    value: float

    @property
    def label(self) -> str:
        return f"{self.criterion}.{self.metric}{'.' + self.bound if self.bound else ''}={self.value:g}"


def parse_override(text: str) -> ThresholdOverride:
    match = _PATTERN.match(text)
    if not match:
        raise InputError(
            f"--what-if {text!r}: write CRITERION.METRIC=VALUE or CRITERION.METRIC.min|max=VALUE, "
            "e.g. 3A090.a.1.total_processing_performance=4000."
        )
    try:
        value = float(match["value"])
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(f"--what-if {text!r}: {match['value']!r} is not a number.")
    return ThresholdOverride(match["criterion"].strip(), match["metric"], match["bound"], value)


def _conditions(node: Any, owner: str | None = None) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(criterion or exclusion id, condition) for every threshold condition below ``node``."""
    if isinstance(node, dict):
        if "metric" in node and "threshold" in node:
            yield owner, node
            return
        current = node.get("id") if isinstance(node.get("id"), str) else owner
        for value in node.values():
            yield from _conditions(value, current)
    elif isinstance(node, list):
        for value in node:
            yield from _conditions(value, owner)


def apply_overrides(overrides: list[ThresholdOverride], rules: RulePack | None = None) -> RulePack:
    """A copy of ``rules`` (default: the bundled pack) with the thresholds changed."""
    base = rules or load_rules()
    if not overrides:
        return base
    files = copy.deepcopy(base.files)
    for override in overrides:
        hits = 0
        known: set[str] = set()
        for data in files.values():
            for owner, condition in _conditions(data):
                if owner:
                    known.add(owner)
                if owner != override.criterion or condition.get("metric") != override.metric:
                    continue
                op = str(condition.get("op"))
                if (
                    override.bound == "min"
                    and op not in _LOWER
                    or override.bound == "max"
                    and op not in _UPPER
                ):
                    continue
                condition["threshold"] = override.value
                hits += 1
        if not hits:
            close = sorted(k for k in known if k.startswith(override.criterion.split(".")[0]))[:8]
            raise InputError(
                f"--what-if {override.label}: no threshold on {override.metric} in criterion {override.criterion!r}"
                + (f"; criteria include {', '.join(close)}." if close else ".")
            )
    files["pack.yaml"] = {**files["pack.yaml"], "version": f"{base.version}-what-if"}
    texts = {name: yaml.safe_dump(data, sort_keys=False, allow_unicode=True) for name, data in files.items()}
    return build_rule_pack(f"{base.directory} (what-if: {', '.join(o.label for o in overrides)})", texts)

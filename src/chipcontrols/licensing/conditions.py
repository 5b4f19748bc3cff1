"""The condition vocabulary of the licensing rule data, and its one interpreter.

Every licence requirement, letter, review policy and licence exception in the YAML rule data says when it
applies with a condition written in this small vocabulary, so that next year's rule is new data, not new
code. Conditions are evaluated in three-valued logic: True, False, or None when a fact the condition needs
is unknown (no headquarters given, die area unknown, end use unknown ...). ``all`` is False as soon as one
part is False, ``any`` is True as soon as one part is True; otherwise an unknown part makes them unknown.

Vocabulary (one key per mapping):

    all: [cond, ...]                      every condition holds
    any: [cond, ...]                      at least one holds
    not: cond                             negation (unknown stays unknown)
    destination_in: PLACES                the destination country
    export_from_in: PLACES                the country the item leaves
    any_party_located_in: PLACES          the destination or any party's country
    any_party_headquartered_in: PLACES    any party's headquarters (ultimate parent's)
    all_parties_headquartered_in: PLACES  every party's headquarters
    eccn_in: [pattern, ...]               the item's ECCN ("3A090*", "*.z*", "3A090.a")
    item_on_ccl: true                     the item has an ECCN on the Commerce Control List
    metric: {name, op, value}             a metric comparison (op: >=, >, <=, <, ==)
    designed_for_datacenter: true|false   designed or marketed for datacenters
    end_use_in: [end use, ...]            the declared end use
    entity_list_party: true|false         a party matches an Entity List entry

PLACES = {groups: [...], except_groups: [...], countries: [...]} — in any listed group (as of the date)
or listed country, and in none of the excepted groups. Hong Kong is read as China for group tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from chipcontrols.rules.schema import METRIC_NAMES as CLASSIFICATION_METRICS

__all__ = [
    "CONDITION_KEYS",
    "METRIC_NAMES",
    "ConditionFacts",
    "PartyFacts",
    "Truth",
    "check_condition",
    "evaluate",
    "kleene_all",
    "kleene_any",
]

Truth = bool | None

CONDITION_KEYS: frozenset[str] = frozenset(
    {
        "all",
        "any",
        "not",
        "destination_in",
        "export_from_in",
        "any_party_located_in",
        "any_party_headquartered_in",
        "all_parties_headquartered_in",
        "eccn_in",
        "item_on_ccl",
        "metric",
        "designed_for_datacenter",
        "end_use_in",
        "entity_list_party",
    }
)
METRIC_NAMES: frozenset[str] = frozenset(CLASSIFICATION_METRICS) | {"total_dram_bandwidth_gbps", "shipment_tpp"}
_PLACE_KEYS = frozenset({"groups", "except_groups", "countries"})
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


@dataclass(frozen=True)
class PartyFacts:
    """A party as the conditions see it."""

    role: str
    name: str
    country: str
    headquarters: str | None


@dataclass(frozen=True)
class ConditionFacts:
    """Everything a condition may read about one shipment on one date.

    ``in_place`` answers whether a country is in a PLACES set on the date (it knows the country groups);
    ``eccns`` lists the ECCNs the item may have (``None`` inside means "not 3A090/4A090, maybe elsewhere"),
    ``metrics`` maps metric names to values (``None`` = unknown).
    """

    as_of: dt.date
    destination: str
    export_from: str
    parties: tuple[PartyFacts, ...]
    end_use: str
    eccns: tuple[str | None, ...]
    metrics: Mapping[str, float | None]
    designed_for_datacenter: bool | None
    entity_list_party: bool | None
    in_place: Callable[[str, Mapping[str, Any]], bool]
    unknowns: list[str] = field(default_factory=list, compare=False, hash=False)


def kleene_all(values: Sequence[Truth]) -> Truth:
    if any(value is False for value in values):
        return False
    if any(value is None for value in values):
        return None
    return True


def kleene_any(values: Sequence[Truth]) -> Truth:
    if any(value is True for value in values):
        return True
    if any(value is None for value in values):
        return None
    return False


def _unknown(facts: ConditionFacts, what: str) -> None:
    if what not in facts.unknowns:
        facts.unknowns.append(what)


def _eccn_matches(eccn: str | None, patterns: Sequence[str]) -> bool:
    if eccn is None:
        return False
    return any(fnmatchcase(eccn, pattern) for pattern in patterns)


def evaluate(condition: Mapping[str, Any], facts: ConditionFacts) -> Truth:
    """Evaluate one condition against the facts (three-valued)."""
    ((key, value),) = condition.items()
    if key == "all":
        return kleene_all([evaluate(part, facts) for part in value])
    if key == "any":
        return kleene_any([evaluate(part, facts) for part in value])
    if key == "not":
        inner = evaluate(value, facts)
        return None if inner is None else not inner
    if key == "destination_in":
        return facts.in_place(facts.destination, value)
    if key == "export_from_in":
        return facts.in_place(facts.export_from, value)
    if key == "any_party_located_in":
        countries = [facts.destination, *(party.country for party in facts.parties)]
        return any(facts.in_place(country, value) for country in countries)
    if key in ("any_party_headquartered_in", "all_parties_headquartered_in"):
        if not facts.parties:
            _unknown(facts, "no consignee or end user given (headquarters unknown)")
            return None
        results: list[Truth] = []
        for party in facts.parties:
            if party.headquarters is None:
                _unknown(facts, f"headquarters of the {party.role} ({party.name}) not given")
                results.append(None)
            else:
                results.append(facts.in_place(party.headquarters, value))
        return kleene_any(results) if key == "any_party_headquartered_in" else kleene_all(results)
    if key == "eccn_in":
        matches = [_eccn_matches(eccn, value) for eccn in facts.eccns]
        if all(matches):
            return True
        if not any(matches):
            return False
        _unknown(facts, "classification undetermined between " + ", ".join(str(e) for e in facts.eccns))
        return None
    if key == "item_on_ccl":
        if facts.eccns and all(eccn is not None for eccn in facts.eccns):
            return bool(value)
        _unknown(
            facts,
            "the item is outside 3A090/4A090; whether it is elsewhere on the CCL (e.g. 3A991, 5A992) is not determined",
        )
        return None
    if key == "metric":
        actual = facts.metrics.get(value["name"])
        if actual is None:
            _unknown(facts, f"{value['name']} unknown")
            return None
        return _OPERATORS[value["op"]](float(actual), float(value["value"]))
    if key == "designed_for_datacenter":
        if facts.designed_for_datacenter is None:
            _unknown(facts, "whether the item is designed or marketed for datacenters is unknown")
            return None
        return facts.designed_for_datacenter == bool(value)
    if key == "end_use_in":
        if facts.end_use == "unknown":
            _unknown(facts, "end use unknown")
            return None
        return facts.end_use in value
    if key == "entity_list_party":
        if facts.entity_list_party is None:
            _unknown(facts, "parties not screened")
            return None
        return facts.entity_list_party == bool(value)
    raise ValueError(f"unknown condition {key!r}")  # pragma: no cover - check_condition refuses it first


def _check_places(value: Any, path: str) -> None:
    if not isinstance(value, Mapping) or not value:
        raise ValueError(f"{path}: expected a mapping with groups / except_groups / countries")
    unknown = set(value) - _PLACE_KEYS
    if unknown:
        raise ValueError(f"{path}: unknown key(s) {sorted(unknown)}; use groups, except_groups, countries")
    for key in value:
        items = value[key]
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise ValueError(f"{path}.{key}: expected a list of strings")
    if "groups" not in value and "countries" not in value:
        raise ValueError(f"{path}: give groups or countries")


def check_condition(condition: Any, path: str = "when") -> None:
    """Refuse a malformed condition with a message naming its path (used when loading rule data)."""
    if not isinstance(condition, Mapping) or len(condition) != 1:
        raise ValueError(f"{path}: a condition is a mapping with exactly one key from {sorted(CONDITION_KEYS)}")
    ((key, value),) = condition.items()
    if key not in CONDITION_KEYS:
        raise ValueError(f"{path}: unknown condition {key!r}; known: {', '.join(sorted(CONDITION_KEYS))}")
    where = f"{path}.{key}"
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ValueError(f"{where}: expected a non-empty list of conditions")
        for index, part in enumerate(value):
            check_condition(part, f"{where}[{index}]")
    elif key == "not":
        check_condition(value, where)
    elif key in (
        "destination_in",
        "export_from_in",
        "any_party_located_in",
        "any_party_headquartered_in",
        "all_parties_headquartered_in",
    ):
        _check_places(value, where)
    elif key in ("eccn_in", "end_use_in"):
        if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
            raise ValueError(f"{where}: expected a non-empty list of strings")
    elif key == "metric":
        if not isinstance(value, Mapping) or set(value) != {"name", "op", "value"}:
            raise ValueError(f"{where}: expected {{name, op, value}}")
        if value["name"] not in METRIC_NAMES:
            raise ValueError(f"{where}.name: unknown metric {value['name']!r}; known: {', '.join(sorted(METRIC_NAMES))}")
        if value["op"] not in _OPERATORS:
            raise ValueError(f"{where}.op: {value['op']!r} is not one of {', '.join(_OPERATORS)}")
        if isinstance(value["value"], bool) or not isinstance(value["value"], (int, float)):
            raise ValueError(f"{where}.value: expected a number")
    elif not isinstance(value, bool):
        raise ValueError(f"{where}: expected true or false")

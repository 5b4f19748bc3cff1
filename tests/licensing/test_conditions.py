"""The condition interpreter: three-valued logic, the vocabulary, and malformed conditions refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chipcontrols.licensing.conditions import ConditionFacts, PartyFacts, check_condition, evaluate
from chipcontrols.licensing.requirements import is_addressee
from chipcontrols.licensing.ruledata import licensing_rules
from chipcontrols.rules import load_rules

GROUPS = {"D:5": {"CN", "RU"}, "A:5": {"DE", "JP"}, "D:1": {"CN", "VN", "RU"}}


def in_place(country: str, places: Any) -> bool:
    code = "CN" if country == "HK" else country
    inside = code in places.get("countries", ()) or country in places.get("countries", ()) or any(
        code in GROUPS.get(g, ()) for g in places.get("groups", ())
    )
    return inside and not any(code in GROUPS.get(g, ()) for g in places.get("except_groups", ()))


def facts(**changes: Any) -> ConditionFacts:
    base: dict[str, Any] = {
        "as_of": dt.date(2025, 1, 1),
        "destination": "VN",
        "export_from": "US",
        "parties": (PartyFacts("end_user", "X", "VN", "CN"),),
        "end_use": "datacenter",
        "eccns": ("3A090.a",),
        "metrics": {"memory_bandwidth_gbps": 4000.0, "total_processing_performance": None},
        "designed_for_datacenter": True,
        "entity_list_party": False,
        "in_place": in_place,
    }
    base.update(changes)
    return ConditionFacts(**base)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"destination_in": {"groups": ["D:1"]}}, True),
        ({"destination_in": {"groups": ["D:1"], "except_groups": ["A:5"]}}, True),
        ({"any_party_headquartered_in": {"groups": ["D:5"]}}, True),
        ({"all_parties_headquartered_in": {"countries": ["VN"]}}, False),
        ({"eccn_in": ["3A090*"]}, True),
        ({"eccn_in": ["4A090*", "*.z*"]}, False),
        ({"metric": {"name": "memory_bandwidth_gbps", "op": ">=", "value": 4000}}, True),
        ({"metric": {"name": "memory_bandwidth_gbps", "op": ">", "value": 4000}}, False),
        ({"metric": {"name": "total_processing_performance", "op": ">=", "value": 4800}}, None),
        ({"any": [{"metric": {"name": "total_processing_performance", "op": ">=", "value": 1}}, {"eccn_in": ["3A090.a"]}]}, True),
        ({"all": [{"metric": {"name": "total_processing_performance", "op": ">=", "value": 1}}, {"eccn_in": ["4A090"]}]}, False),
        ({"all": [{"metric": {"name": "total_processing_performance", "op": ">=", "value": 1}}, {"eccn_in": ["3A090.a"]}]}, None),
        ({"not": {"metric": {"name": "total_processing_performance", "op": ">=", "value": 1}}}, None),
        ({"not": {"entity_list_party": True}}, True),
        ({"end_use_in": ["supercomputer"]}, False),
        ({"designed_for_datacenter": True}, True),
        ({"item_on_ccl": True}, True),
    ],
)
def test_evaluate(condition: dict[str, Any], expected: bool | None) -> None:
    check_condition(condition)
    assert evaluate(condition, facts()) is expected


def test_unknowns_are_reported() -> None:
    local = facts(parties=(PartyFacts("end_user", "X", "VN", None),), end_use="unknown")
    assert evaluate({"any_party_headquartered_in": {"groups": ["D:5"]}}, local) is None
    assert evaluate({"end_use_in": ["supercomputer"]}, local) is None
    assert any("headquarters" in u for u in local.unknowns) and "end use unknown" in local.unknowns


def test_item_outside_3a090_may_still_be_on_the_ccl() -> None:
    assert evaluate({"item_on_ccl": True}, facts(eccns=(None,))) is None
    assert evaluate({"eccn_in": ["3A090*"]}, facts(eccns=("3A090.a", None))) is None


@pytest.mark.parametrize(
    ("condition", "needle"),
    [
        ({"destination": {"countries": ["CN"]}}, "unknown condition 'destination'"),
        ({"all": []}, "non-empty list"),
        ({"destination_in": {"country": ["CN"]}}, "unknown key(s)"),
        ({"metric": {"name": "tpp", "op": ">=", "value": 1}}, "unknown metric 'tpp'"),
        ({"metric": {"name": "memory_bandwidth_gbps", "op": "=>", "value": 1}}, "'=>' is not one of"),
        ({"metric": {"name": "memory_bandwidth_gbps", "op": ">=", "value": "4000"}}, "expected a number"),
        ({"designed_for_datacenter": "yes"}, "expected true or false"),
        ({"a": 1, "b": 2}, "exactly one key"),
    ],
)
def test_malformed_conditions_are_refused(condition: Any, needle: str) -> None:
    with pytest.raises(ValueError, match=None) as error:
        check_condition(condition)
    assert needle in str(error.value)


@pytest.mark.parametrize(
    ("exporter", "expected"),
    [
        ("NVIDIA Corporation", True),
        ("Nvidia Corp.", True),
        ("  nvidia  ", True),
        ("NVIDIA Singapore Pte Ltd", False),
        ("Example Distributor Inc.", False),
        (None, None),
    ],
)
def test_letter_addressee_matching(exporter: str | None, expected: bool | None) -> None:
    letter = next(l for l in licensing_rules(load_rules()).letters if l.id == "nvidia-letter-2025-04-09")
    assert is_addressee(exporter, letter) is expected

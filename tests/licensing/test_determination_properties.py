"""Property tests: determinism, and monotonicity where the law is monotone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipcontrols.licensing import determine

from .screeners import screener_for_tests

SCREENER = screener_for_tests()
COUNTRIES = ["CN", "HK", "MO", "RU", "BY", "IR", "KP", "CU", "SY", "VN", "AE", "SA", "IL", "JP", "DE", "MY",
             "SG", "KH", "NI", "CY", "IN", "TW", "US", "GB", "BR"]
ITEMS: list[dict[str, Any]] = [
    {"chip": "nvidia/h20"},
    {"chip": "nvidia/h100-sxm"},
    {"eccn": "3A090.a"},
    {"eccn": "5A992.c"},
    {"spec": {"name": "A800-like", "market": "datacenter", "dense_peak": {"int8": 624}, "die_area_mm2": 826,
              "interconnect_bidirectional_gbps": 400, "memory_bandwidth_gbps": 2039}},
    {"spec": {"name": "Consumer GPU", "market": "consumer", "dense_peak": {"fp8": 660.6}, "die_area_mm2": 609,
              "interconnect_bidirectional_gbps": 64, "memory_bandwidth_gbps": 1008}},
]
END_USES = ["datacenter", "supercomputer", "advanced_ic_production", "other", "unknown"]
EXPORTERS = ["NVIDIA Corporation", "Example Distributor Inc.", None]

shipments = st.fixed_dictionaries(
    {
        "as_of": st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2026, 11, 30)).map(dt.date.isoformat),
        "item": st.sampled_from(ITEMS),
        "quantity": st.integers(min_value=1, max_value=100_000),
        "exporter": st.sampled_from(EXPORTERS),
        "export_from": st.sampled_from(["US", "US", "SG", "TW"]),
        "destination": st.sampled_from(COUNTRIES),
        "end_use": st.sampled_from(END_USES),
        "end_user": st.fixed_dictionaries(
            {
                "name": st.sampled_from(["Example Customer Ltd", "Example Cloud Co"]),
                "country": st.sampled_from(COUNTRIES),
                "headquarters": st.one_of(st.none(), st.sampled_from(COUNTRIES)),
            }
        ),
    }
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(shipments, st.booleans())
def test_same_input_gives_byte_identical_json(shipment: dict[str, Any], codified: bool) -> None:
    first = determine(shipment, codified=codified, screener=SCREENER).to_json()
    second = determine(dict(shipment), codified=codified, screener=SCREENER).to_json()
    assert first == second


@SETTINGS
@given(shipments)
def test_adding_an_entity_list_party_never_removes_a_licence_requirement(shipment: dict[str, Any]) -> None:
    before = determine(shipment, screener=SCREENER)
    listed = dict(shipment, consignee={"name": "Huawei Technologies Deutschland GmbH", "country": "DE",
                                       "headquarters": "CN"})
    after = determine(listed, screener=SCREENER)
    assert after.license_required
    assert after.outcome in ("license_required", "prohibited")
    assert {r["rule_id"] for r in before.reasons} <= {r["rule_id"] for r in after.reasons}


@SETTINGS
@given(shipments)
def test_a_party_headquartered_in_china_never_removes_a_licence_requirement(shipment: dict[str, Any]) -> None:
    before = determine(shipment, screener=SCREENER)
    after = determine(
        dict(shipment, consignee={"name": "Example Holding", "country": "SG", "headquarters": "CN"}),
        screener=SCREENER,
    )
    if before.license_required:
        assert after.license_required


@SETTINGS
@given(shipments)
def test_codified_text_requires_at_least_what_is_enforced(shipment: dict[str, Any]) -> None:
    enforced = determine(shipment, screener=SCREENER)
    codified = determine(shipment, codified=True, screener=SCREENER)
    assert {r["rule_id"] for r in enforced.reasons} <= {r["rule_id"] for r in codified.reasons}


@SETTINGS
@given(shipments)
def test_every_reason_is_cited_and_the_outcome_is_consistent(shipment: dict[str, Any]) -> None:
    result = determine(shipment, screener=SCREENER).to_dict()
    assert result["outcome"] in ("no_license_required", "license_required", "prohibited", "insufficient_data")
    assert result["license_required"] == (result["outcome"] in ("license_required", "prohibited"))
    for reason in result["reasons"]:
        assert reason["citation"] and reason["paragraph"] and reason["confidence"]
    if result["license_required"]:
        assert result["review_policy"] is not None

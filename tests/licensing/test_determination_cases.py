"""Golden determination cases: tests/cases/determination/*.yaml, each read like the law.

A case file has a ``topic``, ``defaults`` (shipment fields shared by its cases) and ``cases``; each case
has a ``name``, the ``law`` it illustrates, its ``shipment`` (merged over the defaults), optionally
``codified: true``, and ``expect``: outcome, license_required, reasons (exact set of rule ids),
citations_include, review_policy, review_policy_reported, review_citation, review_conditions_include,
exceptions ({code: appears_available}), exception_obligations_include, warnings_include,
what_would_change_include, undetermined (exact set), parties_include, parties_count.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from chipcontrols.licensing import determine

from .screeners import screener_for_tests

CASES_DIR = Path(__file__).resolve().parents[1] / "cases" / "determination"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        defaults = data.get("defaults", {})
        for case in data["cases"]:
            shipment = {**defaults, **case["shipment"]}
            params.append(pytest.param(case, shipment, id=f"{path.stem}: {case['name']}"))
    return params


SCREENER = screener_for_tests()


@pytest.mark.parametrize(("case", "shipment"), _cases())
def test_case(case: dict[str, Any], shipment: dict[str, Any]) -> None:
    result = determine(shipment, codified=bool(case.get("codified")), screener=SCREENER)
    expect = case["expect"]
    data = result.to_dict()
    context = f"\n{case['name']}: {case['law']}\nreasons={[r['rule_id'] for r in data['reasons']]} " \
              f"outcome={data['outcome']} warnings={data['warnings']} undetermined={data['undetermined']}"
    assert data["outcome"] == expect["outcome"], context
    if "license_required" in expect:
        assert data["license_required"] is expect["license_required"], context
    if "reasons" in expect:
        assert sorted(r["rule_id"] for r in data["reasons"]) == sorted(expect["reasons"]), context
    citations = " | ".join(r["citation"] for r in data["reasons"])
    for needle in expect.get("citations_include", []):
        assert needle in citations, f"{needle!r} not in {citations!r}{context}"
    review = data["review_policy"] or {}
    if "review_policy" in expect:
        assert review.get("policy") == expect["review_policy"], f"{review}{context}"
    if "review_policy_reported" in expect:
        assert review.get("reported") is expect["review_policy_reported"], context
    if "review_citation" in expect:
        assert expect["review_citation"] in (review.get("citation") or ""), f"{review}{context}"
    conditions = " | ".join(c["text"] for c in review.get("conditions", []))
    for needle in expect.get("review_conditions_include", []):
        assert needle in conditions, f"{needle!r} not in {conditions!r}{context}"
    by_code = {e["code"]: e for e in data["exceptions"]}
    for code, available in expect.get("exceptions", {}).items():
        assert code in by_code, f"exception {code} not listed: {sorted(by_code)}{context}"
        assert by_code[code]["appears_available"] is available, f"{by_code[code]}{context}"
    for code, needle in expect.get("exception_obligations_include", {}).items():
        assert any(needle in text for text in by_code[code]["obligations"]), context
    warnings = " | ".join(data["warnings"])
    for needle in expect.get("warnings_include", []):
        assert needle in warnings, f"{needle!r} not in warnings{context}"
    changes = " | ".join(data["what_would_change"])
    for needle in expect.get("what_would_change_include", []):
        assert needle in changes, f"{needle!r} not in {changes!r}{context}"
    if "undetermined" in expect:
        assert sorted(u["rule_id"] for u in data["undetermined"]) == sorted(expect["undetermined"]), context
    for wanted in expect.get("parties_include", []):
        assert any(all(hit.get(k) == v for k, v in wanted.items()) for hit in data["parties"]), context
    if "parties_count" in expect:
        assert len(data["parties"]) == expect["parties_count"], context
    for reason in data["reasons"]:
        assert reason["citation"] and reason["paragraph"] and reason["explanation"], reason

"""Golden classification cases from tests/cases/classification/*.yaml, written to read like the law."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from chipcontrols.classification import classify

CASES_DIR = Path(__file__).resolve().parents[1] / "cases" / "classification"


def _cases() -> list[Any]:
    cases = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(file.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{file.stem}: {case['name']}"))
    return cases


@pytest.mark.parametrize("case", _cases())
def test_golden_case(case: dict[str, Any]) -> None:
    item = case.get("chip") or case["spec"]
    result = classify(item, str(case["as_of"]))
    expect = case["expect"]
    assert result.eccn == expect["eccn"], result.reasons
    if "status" in expect:
        assert result.status == expect["status"]
    if "criteria_met" in expect:
        met = [c for p in result.paragraphs if p.met for c in p.criteria_met]
        assert met == expect["criteria_met"]
    if "tpp" in expect:
        assert result.metrics.tpp.value == pytest.approx(expect["tpp"], rel=0.005)
    if "possible_eccns" in expect:
        assert result.possible_eccns == expect["possible_eccns"]
    if "die_area_ranges" in expect:
        got = [(r.high_mm2, r.eccn) for r in result.die_area_ranges]
        assert got == [(r["up_to"], r["eccn"]) for r in expect["die_area_ranges"]]
    if "exclusion_applies" in expect:
        assert [e.id for e in result.exclusions if e.applies] == [expect["exclusion_applies"]]
    if "ic_eccn" in expect:
        assert result.ic_eccn == expect["ic_eccn"]
    if "reason_contains" in expect:
        assert any(expect["reason_contains"] in reason for reason in result.reasons)
    # every answer is explained and reproducible
    assert result.reasons
    assert result.rule_data_version

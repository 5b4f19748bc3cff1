"""Property tests: classification is monotone and agrees with an independent reading of the law."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from chipcontrols.classification import classify

RULE_DATES = [dt.date(2023, 1, 1), dt.date(2024, 1, 2), dt.date(2025, 6, 1)]
rates = st.floats(min_value=1, max_value=5000, allow_nan=False, allow_infinity=False)
areas = st.floats(min_value=50, max_value=3000, allow_nan=False, allow_infinity=False)
markets = st.sampled_from(["datacenter", "consumer", "workstation"])
links = st.floats(min_value=0, max_value=1800, allow_nan=False, allow_infinity=False)
precisions = st.sampled_from(["fp64", "fp16", "bf16", "fp8", "int8", "int4", "fp4"])


def _spec(precision: str, rate: float, area: float, market: str, link: float) -> dict:
    return {"name": "p", "market": market, "dense_peak": {precision: rate}, "die_area_mm2": area,
            "interconnect_bidirectional_gbps": link}


@settings(max_examples=150, deadline=None)
@given(precisions, rates, areas, markets, links, st.floats(1.0, 3.0), st.floats(0.3, 1.0), st.sampled_from(RULE_DATES))
def test_more_compute_or_less_area_never_decontrols(precision, rate, area, market, link, rate_factor,
                                                     area_factor, when):
    base = classify(_spec(precision, rate, area, market, link), when)
    stronger = classify(_spec(precision, rate * rate_factor, area * area_factor, market, link), when)
    if base.status == "controlled":
        assert stronger.status == "controlled", (base.reasons, stronger.reasons)


def _law_2023(tpp: float, pd: float, datacenter: bool) -> str | None:
    """An independent, direct transcription of 3A090 as amended by 88 FR 73458."""
    if not datacenter and tpp < 4800:
        return None  # Note 2
    if tpp >= 4800 or (tpp >= 1600 and pd >= 5.92):
        return "3A090.a"
    if (2400 <= tpp < 4800 and 1.6 <= pd < 5.92) or (tpp >= 1600 and 3.2 <= pd < 5.92):
        return "3A090.b"
    return None


@settings(max_examples=300, deadline=None)
@given(precisions, rates, areas, markets)
def test_agrees_with_direct_reading_of_2023_text(precision, rate, area, market):
    result = classify(_spec(precision, rate, area, market, 0), dt.date(2024, 1, 2))
    tpp = result.metrics.tpp.value
    assert result.eccn == _law_2023(tpp, tpp / area, market == "datacenter")


@settings(max_examples=200, deadline=None)
@given(precisions, rates, markets, links)
def test_agrees_with_direct_reading_of_2022_text(precision, rate, market, link):
    result = classify(_spec(precision, rate, 500, market, link), dt.date(2023, 6, 1))
    tpp = result.metrics.tpp.value
    expected = "3A090.a" if tpp >= 4800 and link >= 600 else None
    assert result.eccn == expected

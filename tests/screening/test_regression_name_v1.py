"""Matcher name-v1 is released: its scores are frozen in data/name_v1_regression.csv and must never change.

A deliberate change of scores is a new matcher version (name-v2) with its own frozen file; name-v1's file is
then kept for as long as name-v1 can be selected.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chipcontrols.screening import MATCHER_VERSION, score_name_pair
from chipcontrols.screening.screener import Screener

FROZEN = Path(__file__).parent / "data" / "name_v1_regression.csv"
ROWS = list(csv.DictReader(FROZEN.open(encoding="utf-8")))
PAIRS = [r for r in ROWS if r["kind"] == "pair"]
SCREENS: dict[tuple[str, str], list[dict[str, str]]] = {}
for row in ROWS:
    if row["kind"] == "screen":
        SCREENS.setdefault((row["query"], row["schema_or_country"]), []).append(row)


def test_matcher_version() -> None:
    assert MATCHER_VERSION == "name-v1"
    assert len(PAIRS) >= 100 and len(SCREENS) >= 20


@pytest.mark.parametrize("row", PAIRS, ids=lambda r: f"{r['query'][:30]}|{r['other'][:30]}")
def test_frozen_pair_score(row: dict[str, str]) -> None:
    score, _ = score_name_pair(row["query"], row["other"], row["schema_or_country"] or None)
    assert f"{score:.4f}" == row["score"]


@pytest.mark.parametrize("case", sorted(SCREENS), ids=lambda c: f"{c[0][:40]}|{c[1]}")
def test_frozen_screening(bundled_screener: Screener, case: tuple[str, str]) -> None:
    query, country = case
    expected = [(r["other"], r["list_code"], r["score"]) for r in SCREENS[case] if r["other"]]
    result = bundled_screener.screen(query, country=country or None, include_all=True, limit=3)
    assert [(h.name, h.list_code, f"{h.score:.4f}") for h in result.hits] == expected

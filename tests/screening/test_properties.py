"""Property tests: scores stay in [0, 1], screening never raises except InputError, exact names score 1.0."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipcontrols.errors import InputError
from chipcontrols.screening import score_name_pair
from chipcontrols.screening.screener import Screener
from chipcontrols.screening.store import load_bundled_snapshot

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=80
)
mixed_scripts = st.lists(
    st.sampled_from(["华为", "技术", "有限公司", "Huawei", "Тех", "محمد", "김", "(Beijing)", "Co., Ltd.", "&", "-",
                     "'", "13th", "ΑΒΓ", "\x00", "\u200b", " ", "GmbH", "SMIC", "ﬁ"]),
    min_size=1, max_size=8,
).map("".join)

_snapshot = load_bundled_snapshot()
_entries = [e for e in _snapshot.entries]


@FAST
@given(a=names, b=names)
def test_pair_scores_are_in_unit_interval(a: str, b: str) -> None:
    score, explanation = score_name_pair(a, b)
    assert 0.0 <= score <= 1.0
    assert "name" in explanation


@FAST
@given(a=mixed_scripts, b=mixed_scripts)
def test_pair_scores_are_symmetric_enough_and_bounded(a: str, b: str) -> None:
    assert 0.0 <= score_name_pair(a, b)[0] <= 1.0
    assert 0.0 <= score_name_pair(b, a)[0] <= 1.0


@FAST
@given(name=st.one_of(names, mixed_scripts))
def test_screen_never_raises_except_input_error(bundled_screener: Screener, name: str) -> None:
    try:
        result = bundled_screener.screen(name, include_all=True, limit=10)
    except InputError:
        return
    assert all(0.0 <= hit.score <= 1.0 for hit in result.hits)
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


@FAST
@given(index=st.integers(min_value=0, max_value=len(_entries) - 1), use_alias=st.booleans())
def test_exact_name_of_any_entry_finds_it_with_score_one(
    bundled_screener: Screener, index: int, use_alias: bool
) -> None:
    entry = _entries[index]
    name = entry.aliases[index % len(entry.aliases)] if use_alias and entry.aliases else entry.name
    result = bundled_screener.screen(name, threshold=1.0, limit=500)
    assert entry.entry_id in {hit.entry_id for hit in result.hits}, name


@pytest.mark.parametrize("entry_index", range(0, len(_entries), 97))
def test_exact_names_sweep(bundled_screener: Screener, entry_index: int) -> None:
    entry = _entries[entry_index]
    hits = bundled_screener.screen(entry.name, threshold=1.0, limit=500).hits
    assert entry.entry_id in {h.entry_id for h in hits}

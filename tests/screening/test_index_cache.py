"""The on-disk index cache: written once, reused, ignored when damaged; get_screener() follows the active list."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipcontrols.screening import screener as screener_module
from chipcontrols.screening.index_cache import index_cache_path, load_or_build_index
from chipcontrols.screening.model import ListSnapshot
from chipcontrols.screening.readers import read_list_path
from chipcontrols.screening.store import import_list

from .conftest import FIXTURES


def _small_snapshot() -> ListSnapshot:
    listing = read_list_path(FIXTURES / "csl_current_fixture.csv")
    return ListSnapshot.build(source="fixture", generated_at="2026-01-01", entries=listing.entries)


def test_cache_written_reused_and_rebuilt_when_damaged(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHIPCONTROLS_INDEX_CACHE", "1")
    snapshot = _small_snapshot()
    first = load_or_build_index(snapshot)
    path = index_cache_path(snapshot)
    assert path.is_file() and path.parent == data_dir / "cache"
    second = load_or_build_index(snapshot)
    assert second is not first and len(second.keys) == len(first.keys)
    assert second.entries == snapshot.entries
    path.write_bytes(b"not a pickle")
    third = load_or_build_index(snapshot)
    assert len(third.keys) == len(first.keys)


def test_get_screener_follows_the_active_snapshot(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screener_module, "_cached", None)
    import_list(str(FIXTURES / "csl_current_fixture.csv"), allow_shrink=True)
    first = screener_module.get_screener()
    assert len(first.snapshot.entries) == 13
    assert screener_module.get_screener() is first  # built once per process
    import_list(str(FIXTURES / "csl_sample_2023-11-30_slice.csv"), allow_shrink=True)
    second = screener_module.get_screener()
    assert second is not first and len(second.snapshot.entries) == 72
    screener_module.reset_screener_cache()

"""Fixtures for the screening tests: one full-list screener per session, and an isolated data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from chipcontrols.screening import screener as screener_module
from chipcontrols.screening.screener import Screener
from chipcontrols.screening.store import load_bundled_snapshot

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def bundled_screener(request: pytest.FixtureRequest) -> Screener:
    """The bundled list (25,921 entries, 57k names), indexed once per test session (per xdist worker); the built
    index is cached in pytest's cache folder, so later runs load it instead of building it."""
    cache = getattr(request.config, "cache", None)  # None when pytest runs with -p no:cacheprovider
    cache_dir = cache.mkdir("chipcontrols-index") if cache is not None else None
    snapshot = load_bundled_snapshot()
    if cache_dir is None:
        return Screener(snapshot)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CHIPCONTROLS_DATA_DIR", str(cache_dir))
        patch.setenv("CHIPCONTROLS_INDEX_CACHE", "1")
        return Screener.from_snapshot(snapshot)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory for this test: no imported snapshot, so the bundled list is active."""
    directory = tmp_path / "data"
    monkeypatch.setenv("CHIPCONTROLS_DATA_DIR", str(directory))
    monkeypatch.setenv("CHIPCONTROLS_INDEX_CACHE", "0")
    return directory


@pytest.fixture
def default_screener(data_dir: Path, bundled_screener: Screener, monkeypatch: pytest.MonkeyPatch) -> Screener:
    """Make get_screener() return the session screener while the bundled list is active (no rebuild per test)."""
    monkeypatch.setattr(screener_module, "_cached", ("bundled", bundled_screener))
    return bundled_screener

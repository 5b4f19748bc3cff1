"""The screener the licensing tests use: the real bundled-list screener (golden cases must use the real list)."""

from __future__ import annotations

from typing import Any

from chipcontrols.licensing.parties import default_screener


def screener_for_tests() -> Any:
    screener = default_screener()
    assert screener is not None, "the screening package must be installed for the licensing tests"
    return screener

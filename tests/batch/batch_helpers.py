"""Shared by the batch tests: which decision engine to use (real, or a stand-in until it lands)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples"

REAL_ENGINE_AVAILABLE = importlib.util.find_spec("chipcontrols.licensing") is not None
# TEMPORARY: until the licensing engine has landed, the tests run against a stand-in.
ENGINE = "chipcontrols.batch.core:licensing_engine" if REAL_ENGINE_AVAILABLE else "standin_engine:standin_engine"


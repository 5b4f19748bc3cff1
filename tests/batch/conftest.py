"""Fixtures of the batch tests: which decision engine to use, sample order books."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples"

REAL_ENGINE_AVAILABLE = importlib.util.find_spec("chipcontrols.licensing") is not None
# TEMPORARY: until the licensing engine has landed, the tests run against a stand-in.
ENGINE = "chipcontrols.batch.core:licensing_engine" if REAL_ENGINE_AVAILABLE else "standin_engine:standin_engine"


@pytest.fixture(scope="session")
def engine() -> str:
    import sys

    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    return ENGINE

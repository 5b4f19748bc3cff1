"""Fixtures of the batch tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from batch_helpers import ENGINE


@pytest.fixture(scope="session")
def engine() -> str:
    """The decision engine the batch tests run on, as a ``module:function`` path."""
    return ENGINE

"""Shared by the batch tests: the decision engine they run on and where the sample files are."""

from __future__ import annotations

from pathlib import Path

from chipcontrols.batch.core import DEFAULT_ENGINE

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples"
ENGINE = DEFAULT_ENGINE

"""ECCN classification (3A090, 4A090, .z) of chips under the rules in force on a date."""

from chipcontrols.classification.engine import (
    classification_history,
    classify,
    history_dates,
    replace_spec,
    resolve_item,
)
from chipcontrols.classification.result import (
    Classification,
    DieAreaRange,
    ExclusionResult,
    ParagraphResult,
    TestResult,
)

__all__ = [
    "Classification",
    "DieAreaRange",
    "ExclusionResult",
    "ParagraphResult",
    "TestResult",
    "classification_history",
    "classify",
    "history_dates",
    "replace_spec",
    "resolve_item",
]

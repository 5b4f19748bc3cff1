"""Shared rendering helpers for the command line: JSON output and consoles."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

__all__ = ["console", "print_json", "to_json"]

console = Console(highlight=False, soft_wrap=False)


def to_json(data: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 kept readable."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)


def print_json(data: Any) -> None:
    # Plain print: Rich must not wrap or colour machine-readable output.
    print(to_json(data))

"""Reading a user's YAML or JSON input file (spec, shipment) with errors a person can act on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from chipcontrols.errors import InputError

__all__ = ["read_mapping_file"]


def read_mapping_file(path: str | Path, error_type: type[InputError], what: str) -> dict[str, Any]:
    """Parse ``path`` as JSON (``.json``) or YAML (anything else) and return its top-level mapping.

    Every failure raises ``error_type`` naming the file: missing, unreadable, not valid JSON/YAML, or not a
    mapping at the top level.
    """
    file = Path(path)
    syntax = "JSON" if file.suffix.lower() == ".json" else "YAML"
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error_type(f"{what} {str(file)!r}: no such file.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise error_type(f"{what} {str(file)!r} cannot be read: {error}") from None
    try:
        data = json.loads(text) if syntax == "JSON" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise error_type(f"{what} {str(file)!r} is not valid {syntax}: {error}") from None
    if not isinstance(data, dict):
        raise error_type(f"{what} {str(file)!r}: expected a mapping of fields at the top level.")
    return data

"""The one exception hierarchy of chipcontrols.

Outcomes ("licence required", "no match", "die area unknown") are *results*, never exceptions.
Exceptions are for bad input and broken data, and every message is written for a compliance
officer: what was wrong, where, and what to do about it.

    ChipControlsError                 base; ``exit_code`` 2 for the command line
    ├── InputError                    something the user gave us is wrong
    │   ├── SpecError                 a chip specification (unit, key, value)
    │   ├── UnknownChipError          no catalogue entry matches; carries suggestions
    │   ├── CountryCodeError          not an ISO 3166-1 alpha-2 code
    │   ├── DateError                 not a YYYY-MM-DD date
    │   └── ShipmentError             a shipment (party, quantity, end use ...)
    ├── DataError                     a data file we ship or import is broken
    │   ├── RuleDataError             a rule-pack file (names the file and the key)
    │   ├── CatalogDataError          a chip-catalogue file
    │   └── ListDataError             a screening-list file; the import is refused
    └── StoreError                    the database or audit log cannot be used
        └── AuditChainError           the audit log's hash chain is broken
"""

from __future__ import annotations

__all__ = [
    "AuditChainError",
    "CatalogDataError",
    "ChipControlsError",
    "CountryCodeError",
    "DataError",
    "DateError",
    "InputError",
    "ListDataError",
    "RuleDataError",
    "ShipmentError",
    "SpecError",
    "StoreError",
    "UnknownChipError",
]


class ChipControlsError(Exception):
    """Base of every error chipcontrols raises on purpose."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(ChipControlsError):
    """Something the user supplied is invalid."""


class SpecError(InputError):
    """A chip specification is malformed (unknown key, wrong unit, negative number ...)."""


class UnknownChipError(InputError):
    """No catalogue entry matches the name or id given."""

    def __init__(self, query: str, suggestions: list[str] | None = None) -> None:
        self.query = query
        self.suggestions = list(suggestions or [])
        message = f"No chip in the catalogue matches {query!r}."
        if self.suggestions:
            message += " Did you mean: " + ", ".join(self.suggestions) + "?"
        else:
            message += " Run `chipcontrols catalog list` to see the catalogue."
        super().__init__(message)


class CountryCodeError(InputError):
    """A country is not a known ISO 3166-1 alpha-2 code."""


class DateError(InputError):
    """A date is not a valid YYYY-MM-DD calendar date."""


class ShipmentError(InputError):
    """A shipment is incomplete or inconsistent."""


class DataError(ChipControlsError):
    """A data file shipped with or imported into chipcontrols is broken."""


class RuleDataError(DataError):
    """A rule-pack file is malformed or uncited. The message names the file and the key."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        super().__init__(f"Rule data file {file!r}, key {key!r}: {problem}")


class CatalogDataError(DataError):
    """A chip-catalogue file is malformed, or a figure has no source."""


class ListDataError(DataError):
    """A screening-list file cannot be imported; the previously active snapshot stays active."""


class StoreError(ChipControlsError):
    """The database or the audit log cannot be used."""


class AuditChainError(StoreError):
    """The audit log's hash chain does not verify."""

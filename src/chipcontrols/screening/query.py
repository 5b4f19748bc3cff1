"""Validation of what a user asks to screen: the name, the country code and the search options.

Bad input raises InputError (CountryCodeError for a country) with a message for a compliance officer; everything
else about a name (any script, punctuation, control characters) is handled by normalisation.
"""

from __future__ import annotations

import pycountry

from chipcontrols.errors import CountryCodeError, InputError
from chipcontrols.screening.normalise import analyse_name, normalise_text

__all__ = ["MAX_LIMIT", "MAX_NAME_LENGTH", "validate_country", "validate_name", "validate_options"]

MAX_NAME_LENGTH = 1000
MAX_LIMIT = 500
# Codes lists use that pycountry does not know as countries.
_EXTRA_CODES = frozenset({"XK", "EU", "XX"})


def validate_name(name: object) -> str:
    """The name, whitespace-normalised; raises InputError if there is nothing to screen."""
    if not isinstance(name, str):
        raise InputError(f"The name to screen must be text, not {type(name).__name__}.")
    cleaned = normalise_text(name)
    if not cleaned:
        raise InputError("The name to screen is empty.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InputError(
            f"The name to screen is {len(cleaned):,} characters long; names over {MAX_NAME_LENGTH:,} characters are "
            "not screened. Check that a whole document was not pasted as a name."
        )
    if not analyse_name(cleaned):
        raise InputError(f"The name {cleaned!r} has no letters or digits to screen.")
    return cleaned


def validate_country(country: object) -> str | None:
    """An upper-case ISO 3166-1 alpha-2 code, or None when no country was given."""
    if country is None:
        return None
    if not isinstance(country, str):
        raise CountryCodeError(f"The country must be an ISO 3166-1 alpha-2 code such as CN, not {country!r}.")
    code = country.strip().upper()
    if not code:
        return None
    if len(code) == 2 and code.isalpha() and (code in _EXTRA_CODES or pycountry.countries.get(alpha_2=code)):
        return code
    raise CountryCodeError(f"{country!r} is not an ISO 3166-1 alpha-2 country code (for example CN, HK, RU, DE).")


def validate_options(threshold: object, limit: object) -> tuple[float | None, int]:
    if threshold is not None:
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 <= threshold <= 1.0:
            raise InputError(f"The threshold must be a number between 0 and 1, not {threshold!r}.")
        threshold = float(threshold)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"The limit must be a whole number between 1 and {MAX_LIMIT}, not {limit!r}.")
    return threshold, limit

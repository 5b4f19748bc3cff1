"""Parsing of the dates every question is asked as of."""

from __future__ import annotations

import datetime as dt

from chipcontrols.errors import DateError

__all__ = ["parse_date", "today"]


def today() -> dt.date:
    """The current date (UTC), the default ``as_of`` of every question."""
    return dt.datetime.now(dt.timezone.utc).date()


def parse_date(value: str | dt.date | dt.datetime | None, *, field: str = "date") -> dt.date:
    """Return ``value`` as a date; ``None`` means today. Raises DateError with a clear message."""
    if value is None:
        return today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(
            f"{field}: {text!r} is not a valid date; write it as YYYY-MM-DD (for example 2025-04-20)."
        ) from None

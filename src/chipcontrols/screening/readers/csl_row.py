"""One trade.gov Consolidated Screening List record (CSV row or JSON object) to a ListEntry.

The CSV flattens multi-valued fields with "; " (alt_names, addresses, programs, ids); the JSON has lists of strings
(alt_names, programs) and lists of objects (addresses, ids). Both go through ``entry_from_csl_record``.
"""

from __future__ import annotations

import re
from typing import Any

from chipcontrols.errors import ListDataError
from chipcontrols.screening.model import ListEntry, list_code_for_source, make_entry

__all__ = ["CSL_COLUMNS", "entry_from_csl_record", "split_multi"]

# The 29 columns of the official consolidated.csv, in order.
CSL_COLUMNS: tuple[str, ...] = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses", "federal_register_notice",
    "start_date", "end_date", "standard_order", "license_requirement", "license_policy", "call_sign", "vessel_type",
    "gross_tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth", "source_information_url", "ids",
)

_ISO2 = re.compile(r"^[A-Z]{2}$")
_LEADING_AND = re.compile(r"^(and|or)\s+", re.IGNORECASE)


def split_multi(value: Any) -> list[str]:
    """Split a "; "-joined CSV cell (or pass a JSON list through), dropping empty parts and leading "and "."""
    if value is None:
        return []
    if isinstance(value, list):
        parts = [str(v) for v in value if v is not None and not isinstance(v, (dict, list))]
    else:
        parts = str(value).split(";")
    out = []
    for part in parts:
        cleaned = _LEADING_AND.sub("", " ".join(part.split()))
        if cleaned:
            out.append(cleaned)
    return out


def _address_countries(addresses: Any) -> tuple[list[str], list[str]]:
    """(address texts, ISO-2 countries) from a CSV cell or a JSON list of address objects."""
    texts: list[str] = []
    countries: list[str] = []
    if isinstance(addresses, list):
        for item in addresses:
            if isinstance(item, dict):
                parts = [str(item.get(k) or "").strip() for k in ("address", "city", "state", "postal_code", "country")]
                texts.append(", ".join(p for p in parts if p))
                country = str(item.get("country") or "").strip().upper()
                if _ISO2.match(country):
                    countries.append(country)
            elif isinstance(item, str) and item.strip():
                texts.append(item.strip())
    else:
        for text in split_multi(addresses):
            texts.append(text)
            last = text.rsplit(",", 1)[-1].strip()
            if _ISO2.match(last):
                countries.append(last)
    return texts, countries


def entry_from_csl_record(record: dict[str, Any], where: str) -> ListEntry:
    """Build the entry; ``where`` names the line or record for error messages."""
    if not isinstance(record, dict):
        raise ListDataError(f"{where}: expected an object with CSL fields, found {type(record).__name__}.")
    name = " ".join(str(record.get("name") or "").split())
    source = " ".join(str(record.get("source") or "").split())
    if not name:
        raise ListDataError(f"{where}: the record has no name. The file looks damaged; nothing was imported.")
    if not source:
        raise ListDataError(f"{where}: the record for {name!r} has no source list. Nothing was imported.")
    code = list_code_for_source(source)
    if not code:
        raise ListDataError(
            f"{where}: unknown source list {source!r} for {name!r}. Nothing was imported; "
            "check that the file is a trade.gov Consolidated Screening List."
        )
    addresses, countries = _address_countries(record.get("addresses"))
    for key in ("nationalities", "citizenships"):
        for value in split_multi(record.get(key)):
            if _ISO2.match(value.strip().upper()):
                countries.append(value.strip().upper())
    return make_entry(
        list_code=code,
        source=source,
        name=name,
        aliases=split_multi(record.get("alt_names")),
        entry_type=str(record.get("type") or ""),
        countries=countries,
        entity_number=str(record.get("entity_number") or ""),
        programs=split_multi(record.get("programs")),
        federal_register_notice=str(record.get("federal_register_notice") or ""),
        license_requirement=str(record.get("license_requirement") or ""),
        license_policy=str(record.get("license_policy") or ""),
        source_url=str(record.get("source_list_url") or record.get("source_information_url") or ""),
        addresses=addresses,
        entry_id=str(record.get("_id") or record.get("id") or "") or None,
    )

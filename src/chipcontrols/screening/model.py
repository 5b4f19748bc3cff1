"""The screening-list data model: one list entry, and a versioned snapshot of all entries.

A ``ListEntry`` is one row of a restricted-party list (Entity List, SDN, DPL ...), with its names, countries and,
for Entity List rows, the licence terms both as published and normalised. A ``ListSnapshot`` is the whole set of
entries from one import, with its provenance (source, generated-at date, content hash, row counts by list).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from chipcontrols.screening.licence_terms import LicenceTerms, normalise_licence_terms

__all__ = [
    "LIST_NAMES",
    "ListEntry",
    "ListSnapshot",
    "list_code_for_source",
    "list_name_for_code",
    "make_entry",
]

# Short codes used by trade.gov (``sources`` parameter of the CSL API) and their human names.
LIST_NAMES: dict[str, str] = {
    "EL": "Entity List",
    "SDN": "Specially Designated Nationals List",
    "DPL": "Denied Persons List",
    "UVL": "Unverified List",
    "MEU": "Military End User List",
    "CMIC": "Non-SDN Chinese Military-Industrial Complex Companies List",
    "SSI": "Sectoral Sanctions Identifications List",
    "FSE": "Foreign Sanctions Evaders List",
    "ISN": "Nonproliferation Sanctions",
    "DTC": "ITAR Debarred",
    "CAP": "Capta List",
    "MBS": "Non-SDN Menu-Based Sanctions List",
    "PLC": "Palestinian Legislative Council List",
    "OS": "OpenSanctions",
}

# Fragments of the trade.gov source names (and common spellings) that identify each list.
_SOURCE_MARKERS: tuple[tuple[str, str], ...] = (
    ("(el)", "EL"),
    ("entity list", "EL"),
    ("(sdn)", "SDN"),
    ("specially designated nationals", "SDN"),
    ("(dpl)", "DPL"),
    ("denied persons", "DPL"),
    ("(uvl)", "UVL"),
    ("unverified list", "UVL"),
    ("(meu)", "MEU"),
    ("military end user", "MEU"),
    ("(cmic)", "CMIC"),
    ("military-industrial complex", "CMIC"),
    ("(ssi)", "SSI"),
    ("sectoral sanctions", "SSI"),
    ("(fse)", "FSE"),
    ("foreign sanctions evaders", "FSE"),
    ("(isn)", "ISN"),
    ("nonproliferation sanctions", "ISN"),
    ("(dtc)", "DTC"),
    ("itar debarred", "DTC"),
    ("(cap)", "CAP"),
    ("capta", "CAP"),
    ("(ns-mbs list)", "MBS"),
    ("menu-based", "MBS"),
    ("(plc)", "PLC"),
    ("palestinian legislative council", "PLC"),
)


def list_code_for_source(source: str) -> str:
    """The short list code ("EL", "SDN" ...) for a trade.gov source name, a bare code, or "" if unknown."""
    text = source.strip()
    if text.upper() in LIST_NAMES:
        return text.upper()
    lowered = text.lower()
    for marker, code in _SOURCE_MARKERS:
        if marker in lowered:
            return code
    return ""


def list_name_for_code(code: str, fallback: str = "") -> str:
    return LIST_NAMES.get(code, fallback or code)


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One row of a restricted-party list."""

    entry_id: str
    list_code: str
    list_name: str
    source: str
    name: str
    aliases: tuple[str, ...] = ()
    entry_type: str = ""
    countries: tuple[str, ...] = ()
    entity_number: str = ""
    programs: tuple[str, ...] = ()
    federal_register_notice: str = ""
    license_requirement: str = ""
    license_policy: str = ""
    licence_terms: LicenceTerms = field(default_factory=lambda: normalise_licence_terms("", ""))
    source_url: str = ""
    addresses: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The primary name followed by every alias, without duplicates."""
        seen: dict[str, None] = {self.name: None}
        for alias in self.aliases:
            seen.setdefault(alias, None)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        data = self.record()
        data["licence_terms"] = self.licence_terms.to_dict()
        return data

    def record(self) -> dict[str, Any]:
        """The stored fields (licence terms are derived from the raw texts, so they are left out)."""
        return {
            "entry_id": self.entry_id,
            "list_code": self.list_code,
            "list_name": self.list_name,
            "source": self.source,
            "name": self.name,
            "aliases": list(self.aliases),
            "entry_type": self.entry_type,
            "countries": list(self.countries),
            "entity_number": self.entity_number,
            "programs": list(self.programs),
            "federal_register_notice": self.federal_register_notice,
            "license_requirement": self.license_requirement,
            "license_policy": self.license_policy,
            "source_url": self.source_url,
            "addresses": list(self.addresses),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ListEntry:
        return make_entry(
            list_code=data["list_code"],
            source=data.get("source", ""),
            name=data["name"],
            aliases=data.get("aliases", ()),
            entry_type=data.get("entry_type", ""),
            countries=data.get("countries", ()),
            entity_number=data.get("entity_number", ""),
            programs=data.get("programs", ()),
            federal_register_notice=data.get("federal_register_notice", ""),
            license_requirement=data.get("license_requirement", ""),
            license_policy=data.get("license_policy", ""),
            source_url=data.get("source_url", ""),
            addresses=data.get("addresses", ()),
            entry_id=data.get("entry_id") or None,
            list_name=data.get("list_name") or None,
        )


def _clean(text: Any) -> str:
    return " ".join(str(text).split()) if text is not None else ""


def _clean_all(values: Any) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out: dict[str, None] = {}
    for value in values:
        cleaned = _clean(value)
        if cleaned:
            out.setdefault(cleaned, None)
    return tuple(out)


def make_entry(
    *,
    list_code: str,
    source: str,
    name: str,
    aliases: Any = (),
    entry_type: str = "",
    countries: Any = (),
    entity_number: str = "",
    programs: Any = (),
    federal_register_notice: str = "",
    license_requirement: str = "",
    license_policy: str = "",
    source_url: str = "",
    addresses: Any = (),
    entry_id: str | None = None,
    list_name: str | None = None,
) -> ListEntry:
    """Build a ListEntry with whitespace cleaned, aliases de-duplicated and licence terms normalised.

    Without an explicit ``entry_id`` a stable one is derived from list, entity number and primary name, so the
    same row keeps its id across imports of the same list.
    """
    clean_name = _clean(name)
    clean_aliases = tuple(a for a in _clean_all(aliases) if a != clean_name)
    clean_countries = tuple(c.upper() for c in _clean_all(countries))
    requirement = _clean(license_requirement)
    policy = _clean(license_policy)
    number = _clean(entity_number)
    if not entry_id:
        identity = "|".join(
            [list_code, number, clean_name, ";".join(clean_countries), ";".join(clean_aliases),
             _clean(federal_register_notice), ";".join(_clean_all(addresses))]
        )
        digest = hashlib.sha1(identity.encode()).hexdigest()[:12]
        entry_id = f"{list_code.lower() or 'list'}-{digest}"
    return ListEntry(
        entry_id=entry_id,
        list_code=list_code,
        list_name=list_name or list_name_for_code(list_code, source),
        source=_clean(source),
        name=clean_name,
        aliases=clean_aliases,
        entry_type=_clean(entry_type),
        countries=clean_countries,
        entity_number=number,
        programs=_clean_all(programs),
        federal_register_notice=_clean(federal_register_notice),
        license_requirement=requirement,
        license_policy=policy,
        licence_terms=normalise_licence_terms(requirement, policy),
        source_url=_clean(source_url),
        addresses=_clean_all(addresses),
    )


def _unique_ids(entries: list[ListEntry]) -> list[ListEntry]:
    seen: dict[str, int] = {}
    out: list[ListEntry] = []
    for entry in entries:
        count = seen.get(entry.entry_id, 0) + 1
        seen[entry.entry_id] = count
        out.append(entry if count == 1 else replace(entry, entry_id=f"{entry.entry_id}-{count}"))
    return out


@dataclass(frozen=True, slots=True)
class ListSnapshot:
    """All entries of one import, with provenance. ``snapshot_id`` is derived from the content hash."""

    source: str
    generated_at: str
    entries: tuple[ListEntry, ...]
    content_hash: str
    imported_at: str = ""
    format: str = ""

    @property
    def snapshot_id(self) -> str:
        return f"{self.generated_at[:10] or 'undated'}-{self.content_hash[:12]}"

    @property
    def counts_by_list(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts[entry.list_code or "?"] = counts.get(entry.list_code or "?", 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    @property
    def name_count(self) -> int:
        return sum(len(entry.names) for entry in self.entries)

    def describe(self) -> dict[str, Any]:
        """Provenance without the entries (for status output and screening results)."""
        return {
            "id": self.snapshot_id,
            "source": self.source,
            "format": self.format,
            "generated_at": self.generated_at,
            "imported_at": self.imported_at,
            "content_hash": self.content_hash,
            "entries": len(self.entries),
            "names": self.name_count,
            "counts_by_list": self.counts_by_list,
        }

    @classmethod
    def build(
        cls, *, source: str, generated_at: str, entries: list[ListEntry], imported_at: str = "", format: str = ""
    ) -> ListSnapshot:
        """A snapshot whose content hash covers every entry (order-independent). Entry ids are made unique
        (a repeated id gets a ``-2``, ``-3`` ... suffix in file order)."""
        entries = _unique_ids(entries)
        digest = hashlib.sha256()
        for line in sorted(json.dumps(e.record(), sort_keys=True, ensure_ascii=False) for e in entries):
            digest.update(line.encode())
            digest.update(b"\n")
        return cls(
            source=source,
            generated_at=generated_at,
            entries=tuple(entries),
            content_hash=digest.hexdigest(),
            imported_at=imported_at,
            format=format,
        )

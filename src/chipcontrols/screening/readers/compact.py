"""Reader for the compact CSL snapshot (``csl_compact_YYYY-MM-DD.json``), the format of the bundled default list.

Keys per entry: ``n`` name, ``a`` aliases, ``s`` source (index into ``tables.sources``), ``t`` type, ``c`` ISO-2
countries, ``e`` entity number, ``pg`` programs, ``fr`` FR notice, ``lr``/``lp`` licence requirement/policy and ``u``
source URL (indexes into ``tables``).
"""

from __future__ import annotations

from typing import Any

from chipcontrols.errors import ListDataError
from chipcontrols.screening.model import ListEntry, list_code_for_source, make_entry

__all__ = ["is_compact_document", "read_compact"]


def is_compact_document(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("entries"), list) and "tables" in document


def _table_value(tables: dict[str, list[Any]], table: str, index: Any, where: str) -> Any:
    if index is None:
        return ""
    values = tables.get(table) or []
    if not isinstance(index, int) or not 0 <= index < len(values):
        raise ListDataError(f"{where}: index {index!r} is not in table {table!r}. Nothing was imported.")
    return values[index]


def read_compact(document: Any, origin: str = "compact snapshot") -> tuple[list[ListEntry], str]:
    """(entries, generated-at) of a compact snapshot; checks the entry count against ``entryCount``."""
    if not is_compact_document(document):
        raise ListDataError(f"{origin}: not a compact snapshot (no \"entries\"/\"tables\"). Nothing was imported.")
    tables = document["tables"]
    entries: list[ListEntry] = []
    for i, raw in enumerate(document["entries"]):
        where = f"{origin}, entry {i + 1}"
        if not isinstance(raw, dict) or not str(raw.get("n") or "").strip():
            raise ListDataError(f"{where}: the entry has no name. Nothing was imported.")
        source = _table_value(tables, "sources", raw.get("s"), where)
        code = list_code_for_source(source)
        if not code:
            raise ListDataError(f"{where}: unknown source list {source!r}. Nothing was imported.")
        programs = _table_value(tables, "programmes", raw.get("pg"), where) if "pg" in raw else ""
        entries.append(
            make_entry(
                list_code=code,
                source=source,
                name=raw["n"],
                aliases=raw.get("a") or (),
                entry_type=raw.get("t") or "",
                countries=raw.get("c") or (),
                entity_number=raw.get("e") or "",
                programs=[p.strip() for p in str(programs).split(";")] if programs else (),
                federal_register_notice=raw.get("fr") or "",
                license_requirement=_table_value(tables, "licenceRequirements", raw.get("lr"), where),
                license_policy=_table_value(tables, "licencePolicies", raw.get("lp"), where),
                source_url=_table_value(tables, "urls", raw.get("u"), where),
            )
        )
    expected = document.get("entryCount")
    if isinstance(expected, int) and expected != len(entries):
        raise ListDataError(
            f"{origin}: says {expected} entries but holds {len(entries)} (truncated?). Nothing was imported."
        )
    if not entries:
        raise ListDataError(f"{origin} has no entries. Nothing was imported.")
    return entries, str(document.get("sourceGeneratedAt") or "")

"""Reader for OpenSanctions FollowTheMoney entity files (JSON lines, one entity per line).

Only named party schemas are imported (Person, Company, Organization, LegalEntity, PublicBody, Vessel, Airplane);
relation and detail schemas (Sanction, Address, Ownership ...) are skipped. The list code comes from the entity's
datasets where a dataset maps to a CSL list (us_ofac_sdn -> SDN, us_bis_denied -> DPL ...), else "OS".
"""

from __future__ import annotations

import json
import re

from chipcontrols.errors import ListDataError
from chipcontrols.screening.model import ListEntry, make_entry

__all__ = ["PARTY_SCHEMATA", "looks_like_ftm", "read_ftm_lines"]

PARTY_SCHEMATA = frozenset(
    {"Person", "Company", "Organization", "LegalEntity", "PublicBody", "Vessel", "Airplane"}
)
_DATASET_LISTS: dict[str, str] = {
    "us_ofac_sdn": "SDN",
    "us_bis_denied": "DPL",
    "us_trade_csl": "OS",
    "us_ofac_cons": "OS",
}
_ISO2 = re.compile(r"^[a-z]{2}$")
_COUNTRY_PROPS = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")


def looks_like_ftm(first_line: str) -> bool:
    try:
        record = json.loads(first_line)
    except ValueError:
        return False
    return isinstance(record, dict) and "schema" in record and "properties" in record


def read_ftm_lines(text: str, origin: str = "FtM file") -> list[ListEntry]:
    entries: list[ListEntry] = []
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ListDataError(f"{origin} is empty. Nothing was imported.")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{origin}, line {number}"
        try:
            record = json.loads(line)
        except ValueError as error:
            raise ListDataError(f"{where}: not valid JSON ({error}; truncated file?). Nothing was imported.") from None
        if not isinstance(record, dict) or not isinstance(record.get("properties"), dict) or "schema" not in record:
            raise ListDataError(f"{where}: not a FollowTheMoney entity. Nothing was imported.")
        if record["schema"] not in PARTY_SCHEMATA:
            continue
        props = record["properties"]
        names = [str(n) for n in props.get("name") or [] if str(n).strip()]
        if not names:
            raise ListDataError(f"{where}: entity {record.get('id')!r} has no name. Nothing was imported.")
        datasets = [str(d) for d in record.get("datasets") or []]
        code = next((_DATASET_LISTS[d] for d in datasets if _DATASET_LISTS.get(d, "OS") != "OS"), "OS")
        countries = [
            str(c).upper() for p in _COUNTRY_PROPS for c in props.get(p) or [] if _ISO2.match(str(c).lower())
        ]
        aliases = names[1:] + [str(a) for p in ("alias", "previousName", "weakAlias") for a in props.get(p) or []]
        entries.append(
            make_entry(
                list_code=code,
                source="OpenSanctions: " + ", ".join(datasets) if datasets else "OpenSanctions",
                name=names[0],
                aliases=aliases,
                entry_type=str(record["schema"]),
                countries=countries,
                programs=props.get("program") or props.get("topics") or (),
                source_url=(props.get("sourceUrl") or [""])[0],
                entry_id=str(record.get("id") or "") or None,
                list_name=None if code != "OS" else "OpenSanctions (" + ", ".join(datasets or ["unknown"]) + ")",
                addresses=props.get("address") or (),
            )
        )
    if not entries:
        raise ListDataError(f"{origin} holds no named parties (Person, Company ...). Nothing was imported.")
    return entries

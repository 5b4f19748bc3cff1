"""The shipment a licence determination is asked about, its validation, and reading it from a file.

A shipment names the item (catalogue id or common name, an inline spec, or a declared ECCN), quantity,
unit value, exporter, the country the item leaves, the destination, the parties (consignee, end user,
each with country and the country of its ultimate parent's headquarters), the end use and the date.
Country codes are ISO 3166-1 alpha-2 (checked with pycountry); "UK" is accepted as GB with a warning.
Bad input raises ShipmentError / CountryCodeError / DateError with a message naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import pycountry
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from chipcontrols.dates import parse_date
from chipcontrols.datafiles import read_mapping_file
from chipcontrols.errors import CountryCodeError, ShipmentError

__all__ = [
    "END_USES",
    "EndUse",
    "Item",
    "Party",
    "Shipment",
    "load_shipment_file",
    "normalise_country",
    "shipment_from_mapping",
]

EndUse = Literal["datacenter", "supercomputer", "advanced_ic_production", "military", "other", "unknown"]
END_USES: tuple[str, ...] = ("datacenter", "supercomputer", "advanced_ic_production", "military", "other", "unknown")
_ECCN = re.compile(r"^(EAR99|[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*)$")
_COUNTRY_ALIASES = {"UK": "GB"}


def normalise_country(value: Any, field: str) -> tuple[str, list[str]]:
    """An ISO 3166-1 alpha-2 code in upper case, and any warning; CountryCodeError naming the field otherwise."""
    if value is False:  # YAML 1.1 reads an unquoted NO (Norway) as false
        return "NO", [f"{field}: read the YAML value false as NO (Norway); quote country codes in YAML."]
    if not isinstance(value, str) or not value.strip():
        raise CountryCodeError(f"{field}: a country is required, as an ISO 3166-1 alpha-2 code such as CN or DE.")
    code = value.strip().upper()
    warnings: list[str] = []
    if code in _COUNTRY_ALIASES:
        warnings.append(f"{field}: {value!r} is not an ISO 3166-1 code; read as {_COUNTRY_ALIASES[code]}.")
        code = _COUNTRY_ALIASES[code]
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise CountryCodeError(
            f"{field}: {value!r} is not an ISO 3166-1 alpha-2 country code (for example CN, DE, HK, MO, US)."
        )
    return code, warnings


class Party(BaseModel):
    """A consignee or end user: its name, the country it is in, and its ultimate parent's headquarters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=500)
    country: str
    headquarters: str | None = None
    input_warnings: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _countries(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        warnings = list(data.get("input_warnings", ()))
        name = data.get("name")
        if isinstance(name, str):
            data["name"] = " ".join(name.split())
            if not data["name"]:
                raise ShipmentError("party name: must not be empty.")
        if "country" not in data or data["country"] is None:
            raise ShipmentError(f"party {data.get('name')!r}: country is required (ISO 3166-1 alpha-2).")
        data["country"], found = normalise_country(data["country"], f"party {data.get('name')!r} country")
        warnings += found
        if data.get("headquarters") is not None:
            data["headquarters"], found = normalise_country(
                data["headquarters"], f"party {data.get('name')!r} headquarters"
            )
            warnings += found
        data["input_warnings"] = tuple(warnings)
        return data

    def public_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "headquarters": self.headquarters}


class Item(BaseModel):
    """What is shipped: exactly one of a catalogue chip, an inline spec, or a declared ECCN."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chip: str | None = None
    spec: dict[str, Any] | None = None
    eccn: str | None = None
    designed_for_datacenter: bool | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Item:
        given = [name for name in ("chip", "spec", "eccn") if getattr(self, name) not in (None, "", {})]
        if len(given) != 1:
            raise ShipmentError(
                "item: give exactly one of chip (catalogue id or name), spec (inline specification) or eccn"
                + (f"; got {', '.join(given)}" if given else "")
                + "."
            )
        return self

    @field_validator("eccn")
    @classmethod
    def _eccn(cls, value: str | None) -> str | None:
        if value is None:
            return value
        text = value.strip()
        if not _ECCN.match(text):
            raise ShipmentError(f"item.eccn: {value!r} is not an ECCN (for example 3A090.a, 4A090.b, 5A992.z).")
        return text

    def public_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in ("chip", "spec", "eccn", "designed_for_datacenter"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data


class Shipment(BaseModel):
    """One proposed export, reexport or transfer, as of a date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    as_of: dt.date
    item: Item
    quantity: int = Field(default=1)
    unit_value_usd: float | None = None
    exporter: str | None = None
    export_from: str = "US"
    destination: str
    consignee: Party | None = None
    end_user: Party | None = None
    end_use: EndUse = "unknown"
    input_warnings: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ShipmentError("shipment: expected a mapping of fields (as_of, item, destination ...).")
        data = dict(data)
        warnings = list(data.get("input_warnings", ()))
        if "as_of" in data and not isinstance(data["as_of"], dt.date):
            data["as_of"] = parse_date(data["as_of"], field="as_of")
        elif "as_of" not in data or data["as_of"] is None:
            raise ShipmentError("as_of: the date the question is asked as of is required (YYYY-MM-DD).")
        if "destination" not in data or data["destination"] is None:
            raise ShipmentError("destination: required (ISO 3166-1 alpha-2 country code).")
        data["destination"], found = normalise_country(data["destination"], "destination")
        warnings += found
        data["export_from"], found = normalise_country(data.get("export_from") or "US", "export_from")
        warnings += found
        quantity = data.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, (int, float)) or quantity != int(quantity):
            raise ShipmentError(f"quantity: {quantity!r} is not a whole number.")
        if quantity < 1:
            raise ShipmentError(f"quantity: {quantity!r}; it must be at least 1.")
        data["quantity"] = int(quantity)
        value = data.get("unit_value_usd")
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ShipmentError(f"unit_value_usd: {value!r} is not a number.")
            if value < 0:
                raise ShipmentError(f"unit_value_usd: {value!r}; it must not be negative.")
        end_use = data.get("end_use")
        if end_use is None:
            data["end_use"] = "unknown"
        elif end_use not in END_USES:
            raise ShipmentError(f"end_use: {end_use!r} is not one of {', '.join(END_USES)}.")
        exporter = data.get("exporter")
        if exporter is not None:
            if not isinstance(exporter, str):
                raise ShipmentError("exporter: expected a company name.")
            data["exporter"] = " ".join(exporter.split()) or None
        for role in ("consignee", "end_user"):
            party = data.get(role)
            if party is None:
                continue
            if isinstance(party, dict):
                party = _build(Party, party, role)
            if not isinstance(party, Party):
                raise ShipmentError(f"{role}: expected a mapping with name, country and headquarters.")
            data[role] = party
            warnings += [f"{role}: {w}" for w in party.input_warnings]
        item = data.get("item")
        if isinstance(item, dict):
            data["item"] = _build(Item, item, "item")
        elif item is None:
            raise ShipmentError("item: required ({chip: ...} or {spec: {...}} or {eccn: ...}).")
        data["input_warnings"] = tuple(warnings)
        return data

    def parties(self) -> list[tuple[str, Party]]:
        return [(role, party) for role, party in (("consignee", self.consignee), ("end_user", self.end_user)) if party]

    def public_dict(self) -> dict[str, Any]:
        """The shipment as given (normalised), for the determination record."""
        return {
            "as_of": self.as_of.isoformat(),
            "item": self.item.public_dict(),
            "quantity": self.quantity,
            "unit_value_usd": self.unit_value_usd,
            "exporter": self.exporter,
            "export_from": self.export_from,
            "destination": self.destination,
            "consignee": self.consignee.public_dict() if self.consignee else None,
            "end_user": self.end_user.public_dict() if self.end_user else None,
            "end_use": self.end_use,
        }


def _messages(error: ValidationError, prefix: str) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in (prefix, *problem.get("loc", ())) if p != "")
        message = problem.get("msg", "invalid")
        if problem.get("type") == "extra_forbidden":
            message = "unknown field"
        parts.append(f"{where}: {message}")
    return "; ".join(parts)


def _build(model: type[BaseModel], data: dict[str, Any], prefix: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ShipmentError(_messages(error, prefix)) from None


def shipment_from_mapping(data: Any, *, as_of: str | dt.date | None = None) -> Shipment:
    """Validate a shipment mapping (``as_of`` overrides the mapping's date); clear errors, never a traceback."""
    if not isinstance(data, dict):
        raise ShipmentError("shipment: expected a mapping of fields (as_of, item, destination ...).")
    data = dict(data)
    if as_of is not None:
        data["as_of"] = parse_date(as_of, field="--as-of")
    return _build(Shipment, data, "")


def load_shipment_file(path: str | Path, *, as_of: str | dt.date | None = None) -> Shipment:
    """Read a shipment from a JSON or YAML file."""
    data = read_mapping_file(path, ShipmentError, "Shipment file")
    return shipment_from_mapping(data, as_of=as_of)

"""The bundled chip catalogue: datasheet figures with a source for each, and lookup by id or common name.

Catalogue files live in ``catalog/data/*.yaml``, one per vendor::

    vendor: NVIDIA
    sources:
      nvidia-h100-datasheet: {title: "...", url: "https://..."}
    chips:
      - id: nvidia/h100-sxm                  # vendor/model-slug
        name: NVIDIA H100 SXM5 80GB
        aliases: [H100, H100 SXM]
        market: datacenter                   # datacenter | consumer | workstation
        reliability: A                       # A high, B medium, C low (see docs/catalog.md)
        dense_peak:
          fp8: {value: 1978.9, sources: [nvidia-h100-datasheet]}
        die_area_mm2: {value: 814, sources: [techpowerup-h100-sxm5]}
        interconnect_bidirectional_gbps: {value: 900, sources: [...]}
        memory_bandwidth_gbps: {value: 3350, sources: [...]}
        unknown: {die_area_mm2: "not published"}   # explicit unknowns, with the reason

Every number must cite at least one source declared in the same file; a figure without a value must
say why it is unknown. Files breaking these rules are refused with a message naming the file and key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from chipcontrols.catalog.spec import MARKETS, PRECISIONS, ChipSpec, spec_from_mapping
from chipcontrols.errors import CatalogDataError, SpecError, UnknownChipError

__all__ = ["Catalog", "CatalogChip", "Figure", "Source", "load_catalog", "normalise_chip_name"]

_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:[-.][a-z0-9]+)*$")
_FIGURE_KEYS = (
    "die_area_mm2",
    "interconnect_bidirectional_gbps",
    "memory_bandwidth_gbps",
    "hbm_package_area_mm2",
    "memory_gb",
    "num_logic_dies",
    "tdp_w",
    "tpp_published",
)
_SPEC_FIGURES = ("die_area_mm2", "interconnect_bidirectional_gbps", "memory_bandwidth_gbps", "hbm_package_area_mm2")
_CHIP_KEYS = {
    "id", "name", "aliases", "market", "reliability", "released", "form", "ics_per_item", "listed_eccn",
    "dense_peak", "processing_units", "unknown", "notes", "memory_type", "process_node", "variant",
    *_FIGURE_KEYS,
}


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Figure:
    """One datasheet figure with the sources it was read from."""

    value: float | None
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class CatalogChip:
    """A catalogue entry: the spec used by the engine plus provenance for each figure."""

    id: str
    name: str
    vendor: str
    aliases: tuple[str, ...]
    spec: ChipSpec
    figures: dict[str, Figure]
    unknown: dict[str, str]
    reliability: str
    released: str | None
    notes: str | None
    sources: dict[str, Source]
    file: str
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "vendor": self.vendor,
            "aliases": list(self.aliases),
            "market": self.spec.market,
            "form": self.spec.form,
            "reliability": self.reliability,
            "released": self.released,
            "spec": self.spec.to_public_dict(),
            "figures": {
                key: {"value": fig.value, "sources": list(fig.sources), **({"note": fig.note} if fig.note else {})}
                for key, fig in self.figures.items()
            },
            "unknown": dict(self.unknown),
            "sources": {
                key: {"title": src.title, **({"url": src.url} if src.url else {})}
                for key, src in self.sources.items()
                if any(key in fig.sources for fig in self.figures.values())
            },
            "notes": self.notes,
            **self.extra,
        }


def normalise_chip_name(text: str) -> str:
    """Fold a chip name for lookup: case, spaces, punctuation ("RTX 4090 D" == "rtx-4090d")."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _figure(raw: Any, file: str, where: str, sources: dict[str, Source]) -> Figure:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise CatalogDataError(f"Catalogue file {file!r}, {where}: the figure {raw} has no source.")
    if not isinstance(raw, dict):
        raise CatalogDataError(f"Catalogue file {file!r}, {where}: expected {{value: ..., sources: [...]}}.")
    unknown_keys = set(raw) - {"value", "sources", "note", "reason"}
    if unknown_keys:
        raise CatalogDataError(f"Catalogue file {file!r}, {where}: unknown keys {sorted(unknown_keys)}.")
    value = raw.get("value")
    cited = raw.get("sources") or []
    if isinstance(cited, str):
        cited = [cited]
    if value is None:
        if not raw.get("reason") and not raw.get("note"):
            raise CatalogDataError(
                f"Catalogue file {file!r}, {where}: an unknown figure must say why (reason: ...)."
            )
        return Figure(None, tuple(cited), raw.get("reason") or raw.get("note"))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CatalogDataError(f"Catalogue file {file!r}, {where}: value {value!r} is not a number.")
    if not cited:
        raise CatalogDataError(f"Catalogue file {file!r}, {where}: the figure {value} has no source.")
    for key in cited:
        if key not in sources:
            raise CatalogDataError(
                f"Catalogue file {file!r}, {where}: source {key!r} is not declared under 'sources'."
            )
    return Figure(float(value), tuple(cited), raw.get("note"))


def _parse_chip(raw: Any, index: int, vendor: str, file: str, sources: dict[str, Source]) -> CatalogChip:
    if not isinstance(raw, dict):
        raise CatalogDataError(f"Catalogue file {file!r}, chips[{index}]: expected a mapping.")
    chip_id = raw.get("id")
    where = f"chips[{index}] ({chip_id})"
    if not isinstance(chip_id, str) or not _ID_PATTERN.match(chip_id):
        raise CatalogDataError(
            f"Catalogue file {file!r}, chips[{index}]: id {chip_id!r} must look like 'vendor/model-slug'."
        )
    extra_keys = set(raw) - _CHIP_KEYS
    if extra_keys:
        raise CatalogDataError(f"Catalogue file {file!r}, {where}: unknown keys {sorted(extra_keys)}.")
    if raw.get("market") not in MARKETS:
        raise CatalogDataError(
            f"Catalogue file {file!r}, {where}: market must be one of {', '.join(MARKETS)}."
        )
    figures: dict[str, Figure] = {}
    dense: dict[str, float] = {}
    for precision, fig_raw in (raw.get("dense_peak") or {}).items():
        if precision not in PRECISIONS:
            raise CatalogDataError(f"Catalogue file {file!r}, {where}: unknown precision {precision!r}.")
        fig = _figure(fig_raw, file, f"{where}.dense_peak.{precision}", sources)
        figures[f"dense_peak.{precision}"] = fig
        if fig.value is not None:
            dense[precision] = fig.value
    for key in _FIGURE_KEYS:
        if key in raw:
            figures[key] = _figure(raw[key], file, f"{where}.{key}", sources)
    units = []
    for unit_index, unit in enumerate(raw.get("processing_units") or []):
        unit_rates: dict[str, float] = {}
        for precision, fig_raw in (unit.get("dense_peak") or {}).items():
            fig = _figure(fig_raw, file, f"{where}.processing_units[{unit_index}].{precision}", sources)
            figures[f"processing_units.{unit.get('name')}.{precision}"] = fig
            if fig.value is not None:
                unit_rates[precision] = fig.value
        units.append({"name": unit.get("name"), "count": unit.get("count", 1), "dense_peak": unit_rates})
    unknown = {str(k): str(v) for k, v in (raw.get("unknown") or {}).items()}
    for key, fig in figures.items():
        if fig.value is None:
            unknown.setdefault(key, fig.note or "unknown")
    spec_data: dict[str, Any] = {
        "id": chip_id,
        "vendor": vendor,
        "name": raw.get("name") or chip_id,
        "market": raw["market"],
        "dense_peak": dense,
        "form": raw.get("form", "integrated_circuit"),
    }
    if units:
        spec_data["processing_units"] = units
    for key in ("ics_per_item", "listed_eccn"):
        if key in raw:
            spec_data[key] = raw[key]
    for key in _SPEC_FIGURES:
        if key in figures and figures[key].value is not None:
            spec_data[key] = figures[key].value
    try:
        spec = spec_from_mapping(spec_data, origin=f"catalogue file {file!r}, {where}")
    except SpecError as error:
        raise CatalogDataError(error.message) from None
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise CatalogDataError(f"Catalogue file {file!r}, {where}: aliases must be a list of strings.")
    extra = {k: raw[k] for k in ("memory_type", "process_node", "variant") if k in raw}
    return CatalogChip(
        id=chip_id,
        name=str(raw.get("name") or chip_id),
        vendor=vendor,
        aliases=tuple(aliases),
        spec=spec,
        figures=figures,
        unknown=unknown,
        reliability=str(raw.get("reliability", "B")),
        released=str(raw["released"]) if raw.get("released") is not None else None,
        notes=raw.get("notes"),
        sources=sources,
        file=file,
        extra=extra,
    )


def _parse_file(name: str, text: str) -> list[CatalogChip]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogDataError(f"Catalogue file {name!r} is not valid YAML: {error}") from None
    if not isinstance(data, dict) or "chips" not in data or "vendor" not in data:
        raise CatalogDataError(f"Catalogue file {name!r}: expected top-level keys 'vendor', 'sources', 'chips'.")
    sources: dict[str, Source] = {}
    for key, raw in (data.get("sources") or {}).items():
        if not isinstance(raw, dict) or not raw.get("title"):
            raise CatalogDataError(f"Catalogue file {name!r}, sources.{key}: needs a title (and a url).")
        sources[str(key)] = Source(str(key), str(raw["title"]), raw.get("url"))
    return [_parse_chip(raw, i, str(data["vendor"]), name, sources) for i, raw in enumerate(data["chips"] or [])]


class Catalog:
    """All catalogue chips, with lookup by id, name or alias (case- and punctuation-insensitive)."""

    def __init__(self, chips: Iterable[CatalogChip]) -> None:
        self._chips: dict[str, CatalogChip] = {}
        self._names: dict[str, str] = {}
        for chip in chips:
            if chip.id in self._chips:
                raise CatalogDataError(f"Catalogue file {chip.file!r}: duplicate chip id {chip.id!r}.")
            self._chips[chip.id] = chip
        for chip in self._chips.values():
            for name in (chip.id, chip.id.split("/", 1)[1], chip.name, *chip.aliases):
                key = normalise_chip_name(name)
                owner = self._names.get(key)
                if owner is not None and owner != chip.id:
                    raise CatalogDataError(
                        f"Catalogue file {chip.file!r}: name {name!r} of {chip.id!r} is already used by {owner!r}."
                    )
                self._names[key] = chip.id

    def __len__(self) -> int:
        return len(self._chips)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(sorted(self._chips.values(), key=lambda chip: chip.id))

    def ids(self) -> list[str]:
        return sorted(self._chips)

    def find(self, query: str) -> CatalogChip | None:
        """The chip with this id, name or alias, or None."""
        if query in self._chips:
            return self._chips[query]
        owner = self._names.get(normalise_chip_name(query))
        return self._chips[owner] if owner else None

    def get(self, query: str) -> CatalogChip:
        """The chip with this id, name or alias; UnknownChipError with close suggestions otherwise."""
        chip = self.find(query)
        if chip is None:
            raise UnknownChipError(query, self.suggest(query))
        return chip

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        key = normalise_chip_name(query)
        if not key:
            return []
        matches = process.extract(key, list(self._names), scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=60)
        seen: list[str] = []
        for name, _score, _ in matches:
            chip_id = self._names[name]
            if chip_id not in seen:
                seen.append(chip_id)
        return seen[:limit]


def _bundled_files() -> list[tuple[str, str]]:
    folder = resources.files("chipcontrols.catalog") / "data"
    files = sorted((entry for entry in folder.iterdir() if entry.name.endswith(".yaml")), key=lambda e: e.name)
    return [(f"catalog/data/{entry.name}", entry.read_text(encoding="utf-8")) for entry in files]


@lru_cache(maxsize=1)
def _bundled_catalog() -> Catalog:
    chips: list[CatalogChip] = []
    for name, text in _bundled_files():
        chips.extend(_parse_file(name, text))
    return Catalog(chips)


def load_catalog(directory: str | Path | None = None) -> Catalog:
    """The bundled catalogue (cached), or the catalogue in ``directory``."""
    if directory is None:
        return _bundled_catalog()
    chips: list[CatalogChip] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        chips.extend(_parse_file(str(path), path.read_text(encoding="utf-8")))
    return Catalog(chips)

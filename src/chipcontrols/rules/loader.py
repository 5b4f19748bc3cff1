"""Loading the rule pack: YAML files in ``rules/data`` into typed, validated, dated objects.

The rule pack is the law as data. Every file is read once per process (``load_rules`` is cached), checked,
and kept both raw (``RulePack.file``) and typed (instruments, bit lengths, ECCN families). A malformed or
uncited file is refused with a ``RuleDataError`` naming the file and the key. Generic checks run on every
file: any ``instrument:`` value must name a declared instrument, and every dated entry (a mapping with an
``effective`` or ``date`` key) must cite an instrument or a CFR paragraph.

Other modules validate their own files with ``RulePack.parse(name, Model)``, which turns pydantic errors
into the same ``RuleDataError``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from chipcontrols.errors import RuleDataError
from chipcontrols.rules.schema import EccnFamily, Instrument, InstrumentsFile, ZParagraphs

__all__ = ["RulePack", "build_rule_pack", "load_rules"]

Model = TypeVar("Model", bound=BaseModel)

_CLASSIFICATION_FILES = {"3A090": "eccn_3a090.yaml", "4A090": "eccn_4a090.yaml"}
_Z_FILE = "z_paragraphs.yaml"


def _key_path(location: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in location:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(top level)"


def _walk(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


@dataclass(frozen=True)
class RulePack:
    """The whole rule pack as loaded. Immutable; share freely (also across threads and Spark workers)."""

    name: str
    version: str
    content_hash: str
    directory: str
    files: dict[str, Any]
    instruments: dict[str, Instrument]
    bit_lengths: dict[str, int]
    bit_length_notes: dict[str, dict[str, Any]]
    near_threshold_tolerance: float
    eccn_families: dict[str, EccnFamily]
    z_paragraphs: ZParagraphs

    @property
    def version_label(self) -> str:
        """Version and short content hash, e.g. ``2026.11.30+3f2a9c1b0d4e``: what every answer records."""
        return f"{self.version}+{self.content_hash[:12]}"

    def file(self, name: str) -> Any:
        """The parsed YAML of ``name`` (e.g. ``country_groups.yaml``)."""
        if name not in self.files:
            raise RuleDataError(name, "(file)", "no such file in the rule pack")
        return self.files[name]

    def parse(self, name: str, model: type[Model]) -> Model:
        """Validate file ``name`` against ``model``; errors name the file and the key."""
        return _validate(name, self.file(name), model)

    def instrument(self, instrument_id: str) -> Instrument:
        return self.instruments[instrument_id]

    def is_enforced(self, instrument_id: str) -> bool:
        return self.instruments[instrument_id].enforced

    def change_dates(self) -> list[dt.date]:
        """Every date at which any dated entry of the pack changes (sorted, unique)."""
        dates: set[dt.date] = set()
        for data in self.files.values():
            for _path, node in _walk(data):
                for key in ("effective", "date", "compliance", "until", "ends"):
                    value = node.get(key)
                    if isinstance(value, dt.date):
                        dates.add(value if not isinstance(value, dt.datetime) else value.date())
        for instrument in self.instruments.values():
            dates.add(instrument.effective)
            if instrument.compliance:
                dates.add(instrument.compliance)
        return sorted(dates)

    def to_summary(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version_label, "files": sorted(self.files)}


def _validate(name: str, data: Any, model: type[Model]) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        message = first["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        more = len(error.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise RuleDataError(name, _key_path(tuple(first["loc"])), message) from None


def _read_files(directory: Path | None) -> tuple[str, dict[str, str]]:
    texts: dict[str, str] = {}
    if directory is None:
        folder = resources.files("chipcontrols.rules") / "data"
        for entry in folder.iterdir():
            if entry.name.endswith((".yaml", ".yml")):
                texts[entry.name] = entry.read_text(encoding="utf-8")
        return "bundled", texts
    if not directory.is_dir():
        raise RuleDataError(str(directory), "(directory)", "rule pack directory does not exist")
    for path in directory.iterdir():
        if path.suffix in {".yaml", ".yml"}:
            texts[path.name] = path.read_text(encoding="utf-8")
    return str(directory), texts


def _check_citations(name: str, data: Any, instruments: dict[str, Instrument]) -> None:
    for path, node in _walk(data):
        instrument = node.get("instrument")
        if instrument is not None and instrument not in instruments:
            raise RuleDataError(name, _key_path((*path, "instrument")), f"unknown instrument {instrument!r}")
        instruments_list = node.get("instruments")
        if isinstance(instruments_list, list):
            for index, item in enumerate(instruments_list):
                if isinstance(item, str) and item not in instruments:
                    raise RuleDataError(name, _key_path((*path, "instruments", index)), f"unknown instrument {item!r}")
        if name.startswith("instruments"):
            continue
        if ("effective" in node or "date" in node) and not (
            node.get("instrument") or node.get("cite") or node.get("instruments") or node.get("source")
        ):
            raise RuleDataError(name, _key_path(path), "dated entry without a citation (instrument, cite or source)")


def build_rule_pack(origin: str, texts: dict[str, str]) -> RulePack:
    """Parse and validate a rule pack from file texts (used by the loader and by tests on broken packs)."""
    files: dict[str, Any] = {}
    for name, text in sorted(texts.items()):
        try:
            files[name] = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise RuleDataError(name, "(file)", f"not valid YAML: {error}") from None
        if not isinstance(files[name], dict):
            raise RuleDataError(name, "(top level)", "expected a mapping")
    for required in ("pack.yaml", "instruments.yaml", "definitions.yaml", *_CLASSIFICATION_FILES.values(), _Z_FILE):
        if required not in files:
            raise RuleDataError(required, "(file)", "required rule-pack file is missing")
    instruments: dict[str, Instrument] = {}
    for name in sorted(files):
        if name.startswith("instruments"):
            for instrument in _validate(name, files[name], InstrumentsFile).instruments:
                if instrument.id in instruments:
                    raise RuleDataError(name, f"instruments.{instrument.id}", "instrument declared twice")
                instruments[instrument.id] = instrument
    for name, data in files.items():
        _check_citations(name, data, instruments)
    pack = files["pack.yaml"]
    if not pack.get("version"):
        raise RuleDataError("pack.yaml", "version", "the rule pack needs a version")
    definitions = files["definitions.yaml"]
    try:
        raw_bits = definitions["tpp"]["bit_lengths"]
        bit_lengths = {str(k): int(v["bits"]) for k, v in raw_bits.items()}
        tolerance = float(definitions["near_threshold"]["relative_tolerance"])
    except (KeyError, TypeError, ValueError) as error:
        raise RuleDataError("definitions.yaml", "tpp.bit_lengths", f"malformed: {error}") from None
    families = {
        family: _validate(file_name, files[file_name], EccnFamily)
        for family, file_name in _CLASSIFICATION_FILES.items()
    }
    for file_name, family in zip(_CLASSIFICATION_FILES.values(), families.values(), strict=True):
        for index, version in enumerate(family.versions):
            if version.instrument not in instruments:
                raise RuleDataError(file_name, f"versions[{index}].instrument", f"unknown instrument {version.instrument!r}")
    z_paragraphs = _validate(_Z_FILE, files[_Z_FILE], ZParagraphs)
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(texts[name].encode())
        digest.update(b"\0")
    return RulePack(
        name=str(pack.get("name", "rules")),
        version=str(pack["version"]),
        content_hash=digest.hexdigest(),
        directory=origin,
        files=files,
        instruments=instruments,
        bit_lengths=bit_lengths,
        bit_length_notes={k: dict(v) for k, v in raw_bits.items()},
        near_threshold_tolerance=tolerance,
        eccn_families=families,
        z_paragraphs=z_paragraphs,
    )


@lru_cache(maxsize=8)
def _load_cached(directory: str | None) -> RulePack:
    origin, texts = _read_files(Path(directory) if directory else None)
    return build_rule_pack(origin, texts)


def load_rules(directory: str | Path | None = None) -> RulePack:
    """The bundled rule pack (or the one in ``directory``), loaded once per process."""
    return _load_cached(str(directory) if directory is not None else None)

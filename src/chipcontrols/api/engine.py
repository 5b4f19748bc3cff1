"""The service's only door into the engine: thin adapters over classification, licensing, screening, rules
and batch, imported lazily so that the service starts (and its other endpoints work) whatever is installed.

Each adapter returns plain JSON-ready data. A part of the engine that is missing raises
``EngineUnavailable``, which the API turns into a 503 naming the missing part.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chipcontrols.errors import ChipControlsError
from chipcontrols.version import __version__

__all__ = [
    "EngineUnavailable",
    "check_shipment",
    "classify_item",
    "instruments",
    "list_snapshot_version",
    "lists_status",
    "lists_update",
    "match",
    "rule_data_version",
    "run_batch",
    "screen_party",
    "versions",
    "warm_up",
]


class EngineUnavailable(ChipControlsError):
    """A part of the engine this endpoint needs is not installed in this build."""

    def __init__(self, part: str) -> None:
        super().__init__(f"The {part} part of chipcontrols is not available in this installation.")
        self.part = part


def _module(name: str, part: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise EngineUnavailable(part) from None


def _to_data(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


@lru_cache(maxsize=1)
def _rules() -> Any:
    return _module("chipcontrols.rules", "rules").load_rules()


def rule_data_version() -> str:
    try:
        pack = _rules()
    except ChipControlsError:
        return "unavailable"
    return str(getattr(pack, "version_label", None) or pack.version)


def list_snapshot_version() -> str:
    try:
        status = lists_status()
    except ChipControlsError:
        return "unavailable"
    return str(status.get("version") or status.get("snapshot") or "none")


def versions() -> dict[str, str]:
    """chipcontrols, rule-data and list-snapshot versions, as carried by every response."""
    return {
        "chipcontrols": __version__,
        "rule_data": rule_data_version(),
        "list_snapshot": list_snapshot_version(),
    }


def classify_item(item: str | dict[str, Any], as_of: date | None = None) -> dict[str, Any]:
    """Classify a catalogue chip (by name or id) or a spec mapping."""
    classification = _module("chipcontrols.classification", "classification")
    if isinstance(item, dict):
        catalog = _module("chipcontrols.catalog", "catalogue")
        item = catalog.spec_from_mapping(item)
    return _to_data(classification.classify(item, as_of))


def check_shipment(body: dict[str, Any]) -> dict[str, Any]:
    """The determination for one shipment, as ``chipcontrols check --json`` prints it."""
    licensing = _module("chipcontrols.licensing", "licence determination")
    shipment = licensing.Shipment.model_validate(body)
    return _to_data(licensing.determine(shipment))


def screen_party(name: str, country: str | None = None, threshold: float | None = None,
                 include_all: bool = False) -> dict[str, Any]:
    screening = _module("chipcontrols.screening", "screening")
    return _to_data(screening.screen(name, country=country, threshold=threshold, include_all=include_all))


def match(dataset: str, body: dict[str, Any], threshold: float | None, limit: int | None) -> dict[str, Any]:
    """yente-compatible matching: ``POST /match/{dataset}``."""
    yente = _module("chipcontrols.screening.yente", "screening")
    request = yente.MatchRequest.model_validate(body)
    kwargs: dict[str, Any] = {}
    if threshold is not None:
        kwargs["threshold"] = threshold
    if limit is not None:
        kwargs["limit"] = limit
    response = yente.match(request, dataset, **kwargs)
    if hasattr(response, "model_dump"):
        return response.model_dump(mode="json")
    return _to_data(response)


def lists_status() -> dict[str, Any]:
    """The active screening-list snapshot: id (its version), source, dates, sizes by list, matcher."""
    screening = _module("chipcontrols.screening", "screening")
    store = _module("chipcontrols.screening.store", "screening")
    snapshot = screening.load_active_snapshot()
    status = dict(snapshot.describe())
    status["version"] = status.get("id")
    status["bundled"] = store.active_pointer() is None
    status["matcher"] = getattr(screening, "MATCHER_VERSION", None)
    status["default_threshold"] = getattr(screening, "DEFAULT_THRESHOLD", None)
    return status


def lists_update(source: str | None = None, *, allow_shrink: bool = False,
                 generated_at: str | None = None) -> dict[str, Any]:
    """Import a screening list (default: the official Consolidated Screening List) and make it active."""
    screening = _module("chipcontrols.screening", "screening")
    if source is None:
        fetch = _module("chipcontrols.screening.fetch", "screening")
        source = fetch.OFFICIAL_CSL_URLS["csv"]
    report = screening.import_list(source, generated_at=generated_at, allow_shrink=allow_shrink)
    reset = getattr(screening, "reset_screener_cache", None)
    if callable(reset):
        reset()
    return dict(_to_data(report) or {})


def instruments() -> list[dict[str, Any]]:
    """The rule pack's instruments (what changed when), oldest first."""
    pack = _rules()
    rows = []
    for instrument_id, instrument in dict(pack.instruments).items():
        data = _to_data(instrument)
        if not isinstance(data, dict):
            data = {name: getattr(instrument, name, None) for name in
                    ("citation", "title", "published", "effective", "link", "enforced")}
        data = {key: (value.isoformat() if isinstance(value, date) else value) for key, value in data.items()}
        data.setdefault("id", instrument_id)
        rows.append(data)
    return sorted(rows, key=lambda row: (str(row.get("effective") or ""), str(row.get("id"))))


def change_dates() -> list[date]:
    """The dates at which the classification rules change (for charts over time)."""
    classification = _module("chipcontrols.classification", "classification")
    history_dates = getattr(classification, "history_dates", None)
    if callable(history_dates):
        return list(history_dates())
    days = []
    for row in instruments():
        try:
            days.append(date.fromisoformat(str(row.get("effective"))[:10]))
        except ValueError:
            continue
    return sorted(set(days))


# One name per script the normaliser handles: the first name of each script loads its transliteration
# dictionaries (pypinyin phrases, Japanese readings ...), which would otherwise stall a live request.
_WARM_UP_NAMES = ("Huawei Technologies Co., Ltd.", "华为技术有限公司", "山田太郎", "Владимир Путин", "محمد علي",
                  "김정은", "Αλέξανδρος", "משה", "สมชาย")


def _warm_screening() -> None:
    screening = _module("chipcontrols.screening", "screening")
    screener = screening.get_screener()
    for name in _WARM_UP_NAMES:
        screener.screen(name)


def warm_up() -> list[str]:
    """Load what the first requests would otherwise wait for (rules, catalogue, screening index); returns
    the parts that could not be loaded."""
    missing = []
    for part, load in (
        ("rules", lambda: _rules()),
        ("classification", lambda: classify_item("nvidia/h20")),
        ("screening", _warm_screening),
    ):
        try:
            load()
        except Exception:  # noqa: BLE001 - a part that cannot load reports itself on use
            missing.append(part)
    return missing


def run_batch(input_path: Path, output_path: Path, progress: Callable[[float], None]) -> dict[str, Any]:
    """Determine every line of an order book into ``output_path``; ``progress`` gets the fraction done."""
    from chipcontrols.batch import run_batch as batch_run

    return dict(_to_data(batch_run(input_path, output_path, progress=progress)) or {})

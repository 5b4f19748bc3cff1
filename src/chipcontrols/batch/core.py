"""The pure decision core shared by every batch engine: one determination per distinct decision key.

A determination depends on the item, the parties, the end use and the date; and in the date only
through the rules in force, which change on a known list of dates. So every row maps to a *decision
key* (item, exporter, export_from, destination, end user name/country/headquarters, end use, rule
epoch) and ``decide_keys`` calls ``determine()`` once per distinct key, turning each result into flat
columns. The quantity and value of a row are not part of the key: they stay columnar in the engines
(the columns reported do not depend on them; licence exceptions, which can, are not reported).

``decide_keys`` takes and returns a Polars frame, so the local engine and the Spark engine
(``mapInArrow`` over the distinct keys) run exactly the same code.

The engine behind it (``DecisionEngine``) is found by a ``"module:function"`` path so that Spark
workers can import it; the default is the real licensing engine.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Protocol

import polars as pl

from chipcontrols.batch.orders import KEY_TEXT_COLUMNS, key_error_expression, normalise_key_expressions
from chipcontrols.errors import ChipControlsError

__all__ = [
    "DECISION_COLUMNS",
    "DEFAULT_ENGINE",
    "KEY_COLUMNS",
    "DecisionEngine",
    "decide_keys",
    "decision_row",
    "epoch_of",
    "load_engine",
    "shipment_fields",
]

KEY_COLUMNS: tuple[str, ...] = (*KEY_TEXT_COLUMNS, "_epoch")
_NORMALISED = tuple(f"_{name}" for name in KEY_TEXT_COLUMNS)
DEFAULT_ENGINE = "chipcontrols.batch.core:licensing_engine"

# Output columns of a decision, with their Polars types.
DECISION_SCHEMA: dict[str, Any] = {
    "license_required": pl.Boolean,
    "outcome": pl.String,
    "reasons": pl.String,
    "citations": pl.String,
    "review_policy": pl.String,
    "party_hits": pl.String,
    "eccn": pl.String,
    "_key_error": pl.String,
}
DECISION_COLUMNS: tuple[str, ...] = tuple(DECISION_SCHEMA)


class DecisionEngine(Protocol):
    """What the batch engines need from the licensing engine."""

    def determine(self, fields: dict[str, Any], codified: bool) -> Any:
        """Determine one shipment given as ``Shipment`` keyword arguments."""

    def change_dates(self, codified: bool) -> list[dt.date]:
        """Sorted dates at which any rule data (rule, letter, list, policy) changes."""


class CachedScreener:
    """Wraps a party screener so that each distinct (name, country) is screened once per run."""

    def __init__(self, inner: Callable[[str, str | None], Any]) -> None:
        self._inner = inner
        self._cache: dict[tuple[str, str | None], list[Any]] = {}

    def __call__(self, name: str, country: str | None) -> list[Any]:
        key = (name, country)
        hits = self._cache.get(key)
        if hits is None:
            hits = list(self._inner(name, country))
            self._cache[key] = hits
        return hits

    def __getattr__(self, name: str) -> Any:  # list_version and the like, from the wrapped screener
        return getattr(self._inner, name)


class LicensingEngine:
    """The real engine: ``chipcontrols.licensing.determine``, a cached screener, the rule pack's change dates.

    ``rules`` replaces the bundled rule pack (what-if analysis).
    """

    def __init__(self, rules: Any = None) -> None:
        from chipcontrols.licensing import Shipment, determine
        from chipcontrols.licensing.parties import default_screener

        self._determine = determine
        self._shipment = Shipment
        self.rules = rules
        inner = default_screener()
        self._screener = CachedScreener(inner) if inner is not None else None

    def determine(self, fields: dict[str, Any], codified: bool) -> Any:
        return self._determine(
            self._shipment(**fields), codified=codified, rules=self.rules, screener=self._screener
        )

    def change_dates(self, codified: bool) -> list[dt.date]:
        return rule_change_dates(codified, self.rules)


def rule_change_dates(codified: bool = False, rules: Any = None) -> list[dt.date]:
    """Every date at which rule data changes, from the rule pack (default: the bundled one)."""
    from chipcontrols.rules import load_rules

    rules = rules or load_rules()
    dates: set[dt.date] = set()
    change_dates = getattr(rules, "change_dates", None)
    if callable(change_dates):
        try:
            found = change_dates(codified=codified)
        except TypeError:
            found = change_dates()
        dates.update(_as_date(value) for value in found)
    else:
        for instrument in getattr(rules, "instruments", {}).values():
            for name in ("effective", "enforced", "ends", "expires", "rescinded"):
                value = getattr(instrument, name, None)
                if isinstance(value, (dt.date, str)) and value:
                    try:
                        dates.add(_as_date(value))
                    except ValueError:
                        continue
    return sorted(dates)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


_engine_cache: dict[str, DecisionEngine] = {}


def licensing_engine() -> DecisionEngine:
    return LicensingEngine()


def load_engine(path: str | DecisionEngine = DEFAULT_ENGINE) -> DecisionEngine:
    """The engine named by ``"module:function"`` (cached per process, also on Spark workers)."""
    if not isinstance(path, str):
        return path
    engine = _engine_cache.get(path)
    if engine is None:
        module_name, _, function_name = path.partition(":")
        engine = getattr(importlib.import_module(module_name), function_name)()
        _engine_cache[path] = engine
    return engine


def epoch_of(change_dates: Sequence[dt.date], day: dt.date) -> int:
    """Index of the rule epoch containing ``day``: how many change dates are on or before it."""
    return bisect.bisect_right(list(change_dates), day)


def shipment_fields(key: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """``Shipment`` keyword arguments for a decision key (quantity and value are not part of it)."""
    item = key["_item"]
    end_user: dict[str, Any] = {
        "name": key["_end_user"] or "unknown",
        "country": key["_end_user_country"] or None,
    }
    if key["_end_user_headquarters"]:
        end_user["headquarters"] = key["_end_user_headquarters"]
    return {
        "as_of": as_of,
        "item": {"chip": _resolve_item(item)},
        "quantity": 1,
        "exporter": key["_exporter"] or None,
        "export_from": key["_export_from"] or "US",
        "destination": key["_destination"],
        "end_user": end_user,
        "end_use": key["_end_use"] or "unknown",
    }


@lru_cache(maxsize=4096)
def _resolve_item(item: str) -> str:
    """Catalogue id of an item given by id or common name; UnknownChipError otherwise (cached)."""
    from chipcontrols.catalog import load_catalog

    return load_catalog().get(item).id


def _unique(values: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _party_hits(determination: Any) -> list[str]:
    """``LIST:entry name`` per list hit; a hit that is not an exact match carries its score for review."""
    hits: list[str] = []
    parties = _get(determination, "parties") or []
    if isinstance(parties, dict):
        parties = list(parties.values())
    flat: list[Any] = []
    for party in parties:
        flat.extend(_get(party, "hits") or [] if _get(party, "list_code") is None else [party])
    for hit in flat:
        code = _get(hit, "list_code") or "LIST"
        name = _get(hit, "entry_name") or _get(hit, "name") or ""
        score = _get(hit, "score")
        exact = _get(hit, "match", score is None or float(score) >= 1.0)
        hits.append(f"{code}:{name}" if exact else f"{code}:{name} (score {float(score):.2f})")
    return _unique(hits)


def _eccn(determination: Any) -> str | None:
    value = _get(determination, "eccn")
    if isinstance(value, str):
        return value
    classification = _get(determination, "classification")
    if classification is not None:
        value = _get(classification, "eccn")
        if isinstance(value, str):
            return value
    return None


def _citations(reasons: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for reason in reasons:
        many = _get(reason, "citations")
        if isinstance(many, (list, tuple)) and many:
            found.extend(str(c) for c in many if c)
        elif _get(reason, "citation"):
            found.append(str(_get(reason, "citation")))
    return found


def _policy(determination: Any) -> str:
    policy = _get(determination, "review_policy")
    if policy is None or isinstance(policy, str):
        return policy or ""
    return str(_get(policy, "policy") or _get(policy, "value") or _get(policy, "code") or "")


def decision_row(determination: Any) -> dict[str, Any]:
    """The output columns of one determination (also used to check batch ≡ per-row)."""
    reasons = _get(determination, "reasons") or []
    outcome = _get(determination, "outcome")
    outcome = _get(outcome, "value", outcome) if not isinstance(outcome, str) else outcome
    return {
        "license_required": bool(_get(determination, "license_required")),
        "outcome": str(outcome),
        "reasons": ";".join(_unique(str(_get(r, "rule_id") or _get(r, "paragraph") or "") for r in reasons)),
        "citations": "; ".join(_unique(_citations(reasons))),
        "review_policy": _policy(determination),
        "party_hits": ";".join(_party_hits(determination)),
        "eccn": _eccn(determination),
        "_key_error": None,
    }


def error_decision(message: str) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name in DECISION_COLUMNS}
    row["outcome"] = "error"
    row["_key_error"] = message
    return row


def decide_one(engine: DecisionEngine, key: dict[str, Any], as_of: dt.date, codified: bool) -> dict[str, Any]:
    """Determine one decision key; bad input becomes an error decision with its message."""
    try:
        return decision_row(engine.determine(shipment_fields(key, as_of), codified))
    except ChipControlsError as error:
        return error_decision(error.message)
    except (ValueError, TypeError) as error:  # pydantic validation of the Shipment
        return error_decision(_validation_message(error))


def _validation_message(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        try:
            parts = []
            for item in errors():
                where = ".".join(str(p) for p in item.get("loc", ())) or "shipment"
                parts.append(f"{where}: {item.get('msg', '')}")
            return "; ".join(parts)
        except Exception:  # noqa: BLE001 - fall back to the plain message
            pass
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def decide_keys(
    keys: pl.DataFrame,
    *,
    codified: bool = False,
    engine: str | DecisionEngine = DEFAULT_ENGINE,
    progress: Callable[[int, int], None] | None = None,
    memo: dict[tuple[Any, ...], dict[str, Any]] | None = None,
) -> pl.DataFrame:
    """Decide every row of ``keys`` (``KEY_COLUMNS`` as given in the input, plus ``_as_of``).

    Returns ``keys`` with the decision columns appended. Keys are normalised first (trimmed, codes
    case-folded), so spellings of the same key share one determination. Decisions are memoised in
    ``memo`` by (engine, codified, normalised key, epoch): pass the same dict to calls of one run (the
    impact timeline does) to decide each key once across them.
    """
    memo = {} if memo is None else memo
    core = load_engine(engine) if isinstance(engine, str) else engine
    engine_id = engine if isinstance(engine, str) else id(engine)
    normalised = keys.select(
        *normalise_key_expressions(), pl.col("_epoch"), pl.col("_as_of"), *KEY_TEXT_COLUMNS
    )
    checks = normalised.select(key_error_expression().alias("_check"))["_check"].to_list()
    rows = normalised.select(*_NORMALISED, "_epoch", "_as_of").rows()
    # Every date of an epoch gets the same answer; deciding at the epoch's first day (rather than each key's
    # own earliest date) lets keys that share an item and an epoch share its classification.
    change_dates = core.change_dates(codified)
    decisions: list[dict[str, Any]] = []
    total = len(rows)
    step = max(1, total // 100)
    for index, (row, check) in enumerate(zip(rows, checks, strict=True)):
        if check is not None:
            decisions.append(error_decision(check))
        else:
            memo_key = (engine_id, codified, *row[:-1])
            decision = memo.get(memo_key)
            if decision is None:
                key = dict(zip(_NORMALISED, row[:-2], strict=True))
                epoch, first_date = row[-2], row[-1]
                as_of = change_dates[epoch - 1] if epoch > 0 else first_date
                decision = decide_one(core, key, as_of, codified)
                memo[memo_key] = decision
            decisions.append(decision)
        if progress is not None and (index % step == 0 or index == total - 1):
            progress(index + 1, total)
    decided = (
        pl.DataFrame(decisions, schema=DECISION_SCHEMA, orient="row")
        if decisions
        else pl.DataFrame(schema=DECISION_SCHEMA)
    )
    return pl.concat([keys, decided], how="horizontal")

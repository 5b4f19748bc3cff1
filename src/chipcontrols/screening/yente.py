"""Request and response models compatible with yente's ``POST /match/{dataset}``, and ``match()`` that serves them.

The body is ``{"weights": {...}, "config": {...}, "queries": {"q1": {"schema": "Company", "properties":
{"name": [...], "country": [...]}}}}`` (FollowTheMoney entities; several names in any script). The response is
``{"responses": {"q1": {"status": 200, "results": [...], "total": {"value": n, "relation": "eq"}, "query": {...}}},
"limit": n}``; each result carries ``id, caption, schema, properties, datasets, referents, target, first_seen,
last_seen, last_change, score, match, explanations`` like yente, plus ``screening``: our full ScreeningHit (list
code, normalised licence terms, FDP footnotes) for clients that want it.

Differences from yente: ``weights`` and ``config`` are accepted and ignored (the matcher is fixed and versioned);
the datasets are the list snapshot's lists: ``default``, ``sanctions`` and ``us_trade_csl`` mean every list, a list
code (``EL``, ``SDN``, ``DPL`` ...) or ``us_bis_entity``-style names restrict to one list.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chipcontrols.errors import InputError
from chipcontrols.screening.model import LIST_NAMES
from chipcontrols.screening.query import validate_country
from chipcontrols.screening.results import ScreeningHit
from chipcontrols.screening.screener import Screener, get_screener

__all__ = [
    "DEFAULT_LIMIT",
    "SCORE_CUTOFF",
    "FeatureExplanation",
    "MatchQuery",
    "MatchRequest",
    "MatchResponse",
    "MatchResult",
    "QueryResponse",
    "TotalCount",
    "match",
]

DEFAULT_LIMIT = 5
MAX_LIMIT = 500
# Candidates below this score are not returned at all (yente: SCORE_CUTOFF 0.50).
SCORE_CUTOFF = 0.5
_ALL_LISTS = {"default", "sanctions", "us_trade_csl", "all"}
_DATASET_ALIASES = {
    "us_bis_entity": "EL", "us_bis_denied": "DPL", "us_bis_unverified": "UVL", "us_bis_meu": "MEU",
    "us_ofac_sdn": "SDN", "us_ofac_cmic": "CMIC", "us_ofac_ssi": "SSI",
}
_COUNTRY_PROPERTIES = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")
_SCHEMA_FOR_TYPE = {"individual": "Person", "entity": "LegalEntity", "vessel": "Vessel", "aircraft": "Airplane"}


class MatchQuery(BaseModel):
    """One FollowTheMoney entity to match."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    schema_: str = Field("LegalEntity", alias="schema")
    properties: dict[str, list[str]]

    @field_validator("properties", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: ([v] if isinstance(v, str) else v) for k, v in value.items()}
        return value

    @field_validator("properties")
    @classmethod
    def _needs_name(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        if not [n for n in value.get("name", []) if n.strip()]:
            raise ValueError("a query needs at least one non-empty name in properties.name")
        return value


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    weights: dict[str, float] = Field(default_factory=dict)
    config: dict[str, Any] = Field(default_factory=dict)
    queries: dict[str, MatchQuery]

    @field_validator("queries")
    @classmethod
    def _not_empty(cls, value: dict[str, MatchQuery]) -> dict[str, MatchQuery]:
        if not value:
            raise ValueError("queries must hold at least one entity")
        return value


class FeatureExplanation(BaseModel):
    score: float
    detail: Any = None


class MatchResult(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str] = Field(default_factory=list)
    target: bool = True
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    score: float
    match: bool
    explanations: dict[str, FeatureExplanation]
    screening: dict[str, Any] = Field(default_factory=dict)


class TotalCount(BaseModel):
    value: int
    relation: str = "eq"


class QueryResponse(BaseModel):
    status: int = 200
    results: list[MatchResult]
    total: TotalCount
    query: MatchQuery


class MatchResponse(BaseModel):
    responses: dict[str, QueryResponse]
    limit: int
    matcher: str = ""
    snapshot: dict[str, Any] = Field(default_factory=dict)


def _list_filter(dataset: str) -> str | None:
    key = dataset.strip()
    if key.lower() in _ALL_LISTS:
        return None
    if key.upper() in LIST_NAMES:
        return key.upper()
    if key.lower() in _DATASET_ALIASES:
        return _DATASET_ALIASES[key.lower()]
    known = ", ".join(sorted(_ALL_LISTS | set(LIST_NAMES) | set(_DATASET_ALIASES)))
    raise InputError(f"Unknown dataset {dataset!r}. Use one of: {known}.")


def _result(hit: ScreeningHit, threshold: float, snapshot_date: str) -> MatchResult:
    properties: dict[str, list[str]] = {"name": [hit.name]}
    if hit.aliases:
        properties["alias"] = list(hit.aliases)
    if hit.countries:
        properties["country"] = [c.lower() for c in hit.countries]
    if hit.programs:
        properties["program"] = list(hit.programs)
    if hit.source_url:
        properties["sourceUrl"] = [hit.source_url]
    return MatchResult(
        id=hit.entry_id,
        caption=hit.name,
        schema=_SCHEMA_FOR_TYPE.get(hit.entry_type.lower(), "LegalEntity"),
        properties=properties,
        datasets=[hit.list_code],
        last_seen=snapshot_date or None,
        score=hit.score,
        match=hit.score >= threshold,
        explanations={k: FeatureExplanation(**v) for k, v in hit.explanation.items()},
        screening=hit.to_dict(),
    )


def match(
    request: MatchRequest,
    dataset: str = "default",
    threshold: float | None = None,
    limit: int = DEFAULT_LIMIT,
    *,
    screener: Screener | None = None,
) -> MatchResponse:
    """Answer a yente-style match request against the active list snapshot."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {limit!r}.")
    only = _list_filter(dataset)
    screener = screener or get_screener()
    cutoff = screener.default_threshold if threshold is None else threshold
    responses: dict[str, QueryResponse] = {}
    for key, query in request.queries.items():
        country = next(
            (validate_country(c) for p in _COUNTRY_PROPERTIES for c in query.properties.get(p, []) if c.strip()),
            None,
        )
        best: dict[str, ScreeningHit] = {}
        for name in query.properties.get("name", []):
            if not name.strip():
                continue
            result = screener.screen(name, country=country, threshold=cutoff, include_all=True, limit=MAX_LIMIT)
            for hit in result.hits:
                if only and hit.list_code != only:
                    continue
                if hit.score < SCORE_CUTOFF:
                    continue
                if hit.entry_id not in best or hit.score > best[hit.entry_id].score:
                    best[hit.entry_id] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.list_code != "EL", h.name))
        snapshot_date = screener.snapshot.generated_at[:10]
        responses[key] = QueryResponse(
            results=[_result(hit, cutoff, snapshot_date) for hit in ranked[:limit]],
            total=TotalCount(value=len(ranked)),
            query=query,
        )
    return MatchResponse(
        responses=responses,
        limit=limit,
        matcher=screener.matcher,
        snapshot={"id": screener.snapshot.snapshot_id, "generated_at": screener.snapshot.generated_at},
    )

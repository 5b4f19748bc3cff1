"""The compliance questions (role analyst), each answered and audited before the response is sent:
classify a chip, check a shipment, screen a party, and yente-compatible matching."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from chipcontrols.api import engine
from chipcontrols.api.auth import Principal, context_of, require
from chipcontrols.api.context import ServiceContext
from chipcontrols.api.respond import with_versions
from chipcontrols.api.schemas import ClassifyRequest, ScreenRequest
from chipcontrols.errors import InputError
from chipcontrols.store.audit import canonical_json

router = APIRouter(tags=["questions"])

_SHIPMENT_EXAMPLE = {
    "as_of": "2025-04-20", "item": {"chip": "nvidia/h20"}, "quantity": 1000, "destination": "CN",
    "end_user": {"name": "Example Cloud Computing Co. Ltd.", "country": "CN"}, "end_use": "datacenter",
}
_MATCH_EXAMPLE = {"queries": {"q1": {"schema": "Company", "properties": {"name": ["Huawei Technologies"], "country": ["cn"]}}}}
_DATASET_PATTERN = r"^[A-Za-z0-9_\-]{1,64}$"


def _record(context: ServiceContext, principal: Principal, action: str, inputs: Any, result: Any,
            result_json: str | None = None) -> dict[str, Any]:
    versions = context.versions()
    if isinstance(result, dict) and isinstance(result.get("versions"), dict):
        versions = {**versions, **{k: str(v) for k, v in result["versions"].items() if k in versions}}
    return {"actor": principal.key_id, "role": principal.role, "action": action, "inputs": inputs,
            "result": result, "versions": versions, "result_json": result_json}


async def answer(context: ServiceContext, principal: Principal, action: str, inputs: Any, body: dict[str, Any]) -> Response:
    """Audit ``body`` (as sent) and send it: encoded once, in the audit log's canonical JSON, after the commit."""
    encoded = canonical_json(body)
    entry = await context.audit.append_async(**_record(context, principal, action, inputs, body, encoded))
    return Response(encoded, media_type="application/json", headers={"X-Audit-Seq": str(entry.seq)})


def audit_answer(context: ServiceContext, principal: Principal, action: str, inputs: Any, result: Any) -> int:
    """Append the audit record of an answer (blocking until committed); returns its sequence number."""
    return context.audit.append(**_record(context, principal, action, inputs, result)).seq




@router.post("/api/v1/classify", summary="Classify a catalogue chip or a spec as of a date (audited)",
             response_class=JSONResponse)
async def classify(body: ClassifyRequest, request: Request,
                   principal: Principal = Depends(require("analyst"))) -> Response:
    context = context_of(request)
    result = engine.classify_item(body.chip if body.chip is not None else body.spec or {}, body.as_of)
    inputs = body.model_dump(mode="json", exclude_none=True)
    return await answer(context, principal, "classification", inputs, with_versions(context, result))


@router.post("/api/v1/check", summary="Licence determination for a shipment (audited); the JSON of `check --json`",
             response_class=JSONResponse)
async def check(request: Request, body: dict[str, Any] = Body(..., examples=[_SHIPMENT_EXAMPLE]),
                principal: Principal = Depends(require("analyst"))) -> Response:
    context = context_of(request)
    result = engine.check_shipment(body)
    return await answer(context, principal, "determination", body, result)


@router.post("/api/v1/screen", summary="Screen a party name against the restricted-party lists (audited)",
             response_class=JSONResponse)
async def screen(body: ScreenRequest, request: Request, principal: Principal = Depends(require("analyst"))) -> Response:
    context = context_of(request)
    result = engine.screen_party(body.name, body.country, body.threshold, body.include_all)
    inputs = body.model_dump(mode="json", exclude_none=True)
    return await answer(context, principal, "screening", inputs, with_versions(context, result))


@router.post("/match/{dataset}", summary="yente-compatible matching (audited as a screening)",
             response_class=JSONResponse)
async def match(
    dataset: str,
    request: Request,
    body: dict[str, Any] = Body(..., examples=[_MATCH_EXAMPLE]),
    threshold: float | None = Query(default=None, ge=0, le=1),
    limit: int | None = Query(default=None, ge=1, le=500),
    principal: Principal = Depends(require("analyst")),
) -> Response:
    import re

    if not re.match(_DATASET_PATTERN, dataset):
        raise InputError("The dataset name may use letters, digits, '-' and '_' only (for example 'default').")
    context = context_of(request)
    result = engine.match(dataset, body, threshold, limit)
    inputs = {"dataset": dataset, "threshold": threshold, "limit": limit, **body}
    return await answer(context, principal, "screening", inputs, with_versions(context, result))

"""The audit log over HTTP (role officer): record decisions and overrides, list, verify and export."""

from __future__ import annotations

import io
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from chipcontrols.api.auth import Principal, context_of, require
from chipcontrols.api.respond import with_versions
from chipcontrols.api.schemas import DecisionRequest

router = APIRouter(prefix="/api/v1", tags=["audit"])


@router.post("/decisions", status_code=201, summary="Record an officer's decision or override (justified; audited)")
async def record_decision(body: DecisionRequest, request: Request,
                          principal: Principal = Depends(require("officer"))) -> dict[str, Any]:
    context = context_of(request)
    target = await run_in_threadpool(context.audit.get, body.audit_seq)
    if target is None or target.action not in ("determination", "screening", "classification", "batch"):
        raise HTTPException(status_code=404, detail=f"No determination or screening with audit sequence {body.audit_seq}.")
    if body.decision == "override" and not body.outcome:
        raise HTTPException(status_code=422, detail="An override must state the outcome it sets ('outcome').")
    action = "override" if body.decision == "override" else "decision"
    entry = await context.audit.append_async(
        actor=principal.key_id, role=principal.role, action=action,
        inputs={"audit_seq": body.audit_seq, "decided_on_hash": target.hash, "decided_on_action": target.action},
        result={"decision": body.decision, "outcome": body.outcome}, versions=context.versions(),
        justification=body.justification,
    )
    return with_versions(context, {"audit_seq": entry.seq, "hash": entry.hash, "decision": body.decision})


@router.get("/audit", summary="The newest audit records")
def audit_records(request: Request, limit: int = Query(default=50, ge=1, le=1000),
                  action: str | None = Query(default=None, max_length=32),
                  _: Principal = Depends(require("officer"))) -> dict[str, Any]:
    context = context_of(request)
    return with_versions(context, {"records": [entry.to_dict() for entry in context.audit.recent(limit, action=action)]})


@router.get("/audit/verify", summary="Verify the audit log's hash chain")
def audit_verify(request: Request, _: Principal = Depends(require("officer"))) -> dict[str, Any]:
    context = context_of(request)
    return with_versions(context, {"report": context.audit.verify().to_dict()})


@router.get("/audit/export", summary="Export the whole audit log as CSV or JSON Lines")
def audit_export(request: Request, format: Literal["csv", "jsonl"] = Query(default="jsonl"),
                 _: Principal = Depends(require("officer"))) -> Response:
    buffer = io.StringIO()
    context_of(request).audit.export(buffer, format)
    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return Response(buffer.getvalue(), media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="chipcontrols-audit.{format}"'})

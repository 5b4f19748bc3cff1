"""Read-only reference data (role viewer): versions, the chip catalogue, the rules timeline, list status;
and the admin's screening-list update (audited)."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from chipcontrols.api import engine
from chipcontrols.api.auth import Principal, context_of, require
from chipcontrols.api.respond import with_versions
from chipcontrols.api.schemas import ListUpdateRequest
from chipcontrols.catalog import load_catalog

router = APIRouter(prefix="/api/v1", tags=["reference"])


@router.get("/version", summary="chipcontrols, rule-data and list-snapshot versions")
def version(request: Request, _: Principal = Depends(require("viewer"))) -> dict[str, Any]:
    return with_versions(context_of(request), {})


@router.get("/catalog", summary="The chip catalogue")
def catalog(request: Request, _: Principal = Depends(require("viewer"))) -> dict[str, Any]:
    chips = [chip.to_dict() for chip in load_catalog()]
    return with_versions(context_of(request), {"count": len(chips), "chips": chips})


@router.get("/catalog/{chip_id:path}", summary="One catalogue chip by id, name or alias")
def catalog_chip(chip_id: str, request: Request, _: Principal = Depends(require("viewer"))) -> dict[str, Any]:
    return with_versions(context_of(request), {"chip": load_catalog().get(chip_id[:200]).to_dict()})


@router.get("/rules/instruments", summary="The Federal Register instruments the rule data cites")
def rules_instruments(request: Request, _: Principal = Depends(require("viewer"))) -> dict[str, Any]:
    return with_versions(context_of(request), {"instruments": engine.instruments()})


@router.get("/rules/timeline", summary="What changed when: instruments grouped by effective date")
def rules_timeline(request: Request, _: Principal = Depends(require("viewer"))) -> dict[str, Any]:
    timeline: dict[str, list[dict[str, Any]]] = {}
    for instrument in engine.instruments():
        timeline.setdefault(str(instrument.get("effective") or instrument.get("published") or "undated"), []).append(instrument)
    return with_versions(context_of(request), {
        "timeline": [{"date": day, "instruments": items} for day, items in sorted(timeline.items())]
    })


@router.get("/lists", summary="Status of the active screening-list snapshot")
def lists(request: Request, _: Principal = Depends(require("viewer"))) -> dict[str, Any]:
    return with_versions(context_of(request), {"lists": engine.lists_status()})


@router.post("/lists/update", summary="Import the screening lists and make them active (admin; audited)")
def lists_update(request: Request, body: ListUpdateRequest | None = None,
                 principal: Principal = Depends(require("admin"))) -> dict[str, Any]:
    context = context_of(request)
    body = body or ListUpdateRequest()
    before = context.versions()
    result = engine.lists_update(body.url, allow_shrink=body.allow_shrink, generated_at=body.generated_at)
    context.forget_versions()
    after = context.versions()
    record = context.audit.append(
        actor=principal.key_id, role=principal.role, action="list_update",
        inputs={"source": body.url or "official Consolidated Screening List", "allow_shrink": body.allow_shrink,
                "previous_list_version": before.get("list_snapshot")},
        result=result, versions=after,
    )
    return with_versions(context, {"update": result, "audit_seq": record.seq})


@router.post("/lists/upload", summary="Import an uploaded screening-list file and make it active (admin; audited)")
async def lists_upload(request: Request, file: UploadFile = File(..., description="CSL CSV or JSON, compact, FtM"),
                       allow_shrink: bool = Form(default=False),
                       principal: Principal = Depends(require("admin"))) -> dict[str, Any]:
    context = context_of(request)
    content = await file.read()
    if not content:
        raise HTTPException(status_code=422, detail="The uploaded list file is empty.")
    name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in (file.filename or "list.csv"))[-100:]
    folder = context.data_dir / "list-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(content).hexdigest()[:16]}-{name}"
    path.write_bytes(content)
    before = context.versions()
    result = await run_in_threadpool(engine.lists_update, str(path), allow_shrink=allow_shrink)
    context.forget_versions()
    after = context.versions()
    record = await context.audit.append_async(
        actor=principal.key_id, role=principal.role, action="list_update",
        inputs={"file": name, "sha256": hashlib.sha256(content).hexdigest(), "allow_shrink": allow_shrink,
                "previous_list_version": before.get("list_snapshot")},
        result=result, versions=after,
    )
    return with_versions(context, {"update": result, "audit_seq": record.seq})

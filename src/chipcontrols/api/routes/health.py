"""``GET /healthz``: liveness and database reachability, without a key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from chipcontrols.api.auth import context_of

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and database check (no key needed)")
def healthz(request: Request) -> JSONResponse:
    context = context_of(request)
    body: dict[str, Any] = {"status": "ok", "database": context.store.dialect,
                            "engine": "ready" if context.engine_ready.is_set() else "warming",
                            "versions": context.versions()}
    try:
        with context.store.session() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - reported as unhealthy, not raised
        body["status"] = "database unavailable"
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)

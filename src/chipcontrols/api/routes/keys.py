"""API key administration (role admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from chipcontrols.api.auth import Principal, context_of, require
from chipcontrols.api.respond import with_versions
from chipcontrols.api.schemas import KeyCreateRequest

router = APIRouter(prefix="/api/v1/keys", tags=["keys"])


@router.get("", summary="All API keys (ids and roles; never the secrets)")
def list_keys(request: Request, _: Principal = Depends(require("admin"))) -> dict[str, Any]:
    context = context_of(request)
    return with_versions(context, {"keys": [key.to_dict() for key in context.keys.list()]})


@router.post("", status_code=201, summary="Create an API key; the key is shown only in this response")
def create_key(body: KeyCreateRequest, request: Request, principal: Principal = Depends(require("admin"))) -> dict[str, Any]:
    context = context_of(request)
    key, info = context.keys.create(body.role, label=body.label, created_by=principal.key_id)
    return with_versions(context, {"key": key, **info.to_dict()})


@router.delete("/{key_id}", summary="Revoke an API key")
def revoke_key(key_id: str, request: Request, _: Principal = Depends(require("admin"))) -> dict[str, Any]:
    context = context_of(request)
    return with_versions(context, context.keys.revoke(key_id[:64]).to_dict())

"""Building response bodies: every JSON body carries the versions it was computed with."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from chipcontrols.api.context import ServiceContext

__all__ = ["with_versions"]


def with_versions(context: ServiceContext, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` plus a ``versions`` key (kept when the engine already put its own there)."""
    if "versions" in data:
        return data
    return {**data, "versions": context.versions()}


def actor_of(request: Request) -> tuple[str, str]:
    principal = getattr(request.state, "principal", None)
    return (principal.key_id, principal.role) if principal else ("anonymous", "none")

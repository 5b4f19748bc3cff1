"""Who is calling: API keys from ``Authorization: Bearer`` (or the web app's cookie), and role checks.

Missing or unknown key → 401 (with ``WWW-Authenticate: Bearer``); a key whose role is too low → 403.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from chipcontrols.api.context import ServiceContext
from chipcontrols.store.keys import role_allows

__all__ = ["COOKIE_NAME", "Principal", "context_of", "principal_from_request", "require"]

COOKIE_NAME = "chipcontrols_key"
_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer cc_...`")


@dataclass(frozen=True)
class Principal:
    key_id: str
    role: str


def context_of(request: Request) -> ServiceContext:
    return request.app.state.context


def _presented_key(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str | None:
    return credentials.credentials if credentials is not None else request.cookies.get(COOKIE_NAME)


def principal_from_request(request: Request, credentials: HTTPAuthorizationCredentials | None = None) -> Principal | None:
    """The caller named by the bearer key or, failing that, the web app's cookie; None when neither is valid."""
    key = _presented_key(request, credentials)
    if not key:
        return None
    info = context_of(request).keys.authenticate(key)
    return Principal(info.key_id, info.role) if info else None


def require(role: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting keys whose role includes ``role`` (a cached key needs no database read)."""

    async def dependency(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Principal:
        key = _presented_key(request, credentials)
        keys = context_of(request).keys
        info = keys.cached(key) if key else None
        if info is None and key:
            info = await run_in_threadpool(keys.authenticate, key)
        principal = Principal(info.key_id, info.role) if info else None
        if principal is None:
            raise HTTPException(
                status_code=401,
                detail="Missing or invalid API key: send `Authorization: Bearer KEY` "
                "(create one with `chipcontrols keys create --role ROLE`).",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not role_allows(principal.role, role):
            raise HTTPException(status_code=403, detail=f"This needs the {role} role; your key has the {principal.role} role.")
        request.state.principal = principal
        return principal

    dependency.__name__ = f"require_{role}"
    return dependency

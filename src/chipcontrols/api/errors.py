"""How errors become responses: every error is a JSON body ``{"detail": ..., "versions": ...}`` with a 4xx
status and a message a user can act on; only a bug gives 500, and then without internals.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chipcontrols.api.engine import EngineUnavailable
from chipcontrols.errors import ChipControlsError, InputError, ListDataError, StoreError, UnknownChipError

__all__ = ["install_error_handlers", "validation_messages"]

_log = logging.getLogger("chipcontrols.api")


def validation_messages(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic errors without the echoed input: where, and what is wrong."""
    out = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ()) if part != "body"]
        out.append({"loc": location, "msg": str(error.get("msg", "invalid value"))})
    return out


def _body(request: Request, detail: Any, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail, **extra}
    try:
        body["versions"] = request.app.state.context.versions()
    except Exception:  # noqa: BLE001 - an error body must never fail
        pass
    return body


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        detail = error.detail
        if error.status_code == 404 and detail == "Not Found":
            detail = f"No such path: {request.url.path}. See /docs for the API."
        if error.status_code == 405:
            detail = f"Method {request.method} is not allowed on {request.url.path}."
        return JSONResponse(_body(request, detail), status_code=error.status_code, headers=getattr(error, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = validation_messages(list(error.errors()))
        if any(e.get("type") == "json_invalid" for e in error.errors()):
            return JSONResponse(_body(request, "The request body is not valid JSON.", errors=errors), status_code=400)
        summary = "; ".join(f"{'.'.join(e['loc']) or 'body'}: {e['msg']}" for e in errors[:5])
        return JSONResponse(_body(request, f"Invalid request: {summary}", errors=errors), status_code=422)

    @app.exception_handler(ValidationError)
    async def model_invalid(request: Request, error: ValidationError) -> JSONResponse:
        errors = validation_messages(list(error.errors()))
        summary = "; ".join(f"{'.'.join(e['loc']) or 'body'}: {e['msg']}" for e in errors[:5])
        return JSONResponse(_body(request, f"Invalid input: {summary}", errors=errors), status_code=422)

    @app.exception_handler(EngineUnavailable)
    async def unavailable(request: Request, error: EngineUnavailable) -> JSONResponse:
        return JSONResponse(_body(request, error.message), status_code=503)

    @app.exception_handler(ChipControlsError)
    async def engine_error(request: Request, error: ChipControlsError) -> JSONResponse:
        if isinstance(error, UnknownChipError):
            return JSONResponse(_body(request, error.message, suggestions=error.suggestions), status_code=404)
        if isinstance(error, (InputError, ListDataError)):
            # ListDataError: a list import was refused (unreachable, malformed, too small); nothing changed.
            return JSONResponse(_body(request, error.message), status_code=422)
        if isinstance(error, StoreError):
            _log.error("store error: %s", error.message)
            return JSONResponse(_body(request, "The database is not available; try again later."), status_code=503)
        return JSONResponse(_body(request, error.message), status_code=500)

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> JSONResponse:
        _log.exception("internal error on %s %s", request.method, request.url.path)
        return JSONResponse(_body(request, f"Internal error ({type(error).__name__}); it has been logged."),
                            status_code=500)

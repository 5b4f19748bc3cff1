"""The FastAPI application: ``create_app`` wires the store, routers, web pages, middleware and error handlers.

One process serves the REST API (``/api/v1/...``, ``/match/{dataset}``), the web app (``/``, ``/login`` ...)
and the OpenAPI documentation (``/docs``, for signed-in users). Only ``/healthz``, the login page and its
static files are reachable without a key.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from chipcontrols import settings
from chipcontrols.api.auth import Principal, require
from chipcontrols.api.context import DEFAULT_MAX_UPLOAD_BYTES, ServiceContext
from chipcontrols.api.errors import install_error_handlers
from chipcontrols.api.job_runner import JobRunner
from chipcontrols.api.middleware import (
    BodyLimitMiddleware,
    JsonContentTypeMiddleware,
    VersionHeadersMiddleware,
)
from chipcontrols.api.routes import analysis, audit, health, jobs, keys, questions, reference
from chipcontrols.store import open_store
from chipcontrols.version import __version__

__all__ = ["create_app"]

_DESCRIPTION = """\
US export-control rules on advanced AI chips, as a service. Send an API key as `Authorization: Bearer KEY`.
Roles: **viewer** (catalogue, rules), **analyst** (classify, check, screen, impact, batch jobs),
**officer** (also decisions, overrides and the audit log), **admin** (also keys and list updates).
Every response carries `X-Chipcontrols-Version`, `X-Rule-Data-Version` and `X-List-Snapshot-Version`.
"""


def _max_upload_bytes(value: int | None) -> int:
    if value is not None:
        return value
    try:
        return int(os.environ.get("CHIPCONTROLS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))
    except ValueError:
        return DEFAULT_MAX_UPLOAD_BYTES


def create_app(data_dir: str | Path | None = None, *, database_url: str | None = None,
               max_upload_bytes: int | None = None, warm_up: bool = True) -> FastAPI:
    """The service application, with its store opened (and migrated) under ``data_dir``.

    ``warm_up`` loads the rules, catalogue and screening index in a background thread at start-up, so the
    first requests do not wait for them; ``/healthz`` says ``"engine": "warming"`` until it is done.
    """
    directory = settings.data_dir(data_dir)
    store = open_store(directory, url=database_url)
    context = ServiceContext(store=store, data_dir=directory, max_upload_bytes=_max_upload_bytes(max_upload_bytes))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            threading.Thread(target=context.warm_up, name="engine-warm-up", daemon=True).start()
        else:
            context.engine_ready.set()
        yield
        _app.state.job_runner.shutdown()
        context.close()

    app = FastAPI(title="chipcontrols", version=__version__, description=_DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.state.context = context
    app.state.job_runner = JobRunner(context)

    for router in (health.router, reference.router, questions.router, jobs.router, analysis.router,
                   audit.router, keys.router):
        app.include_router(router)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_json(_: Principal = Depends(require("viewer"))) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def docs(_: Principal = Depends(require("viewer"))) -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="chipcontrols API")

    from chipcontrols.web.routes import router as web_router

    app.include_router(web_router)
    static = Path(__file__).resolve().parent.parent / "web" / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")
    install_error_handlers(app)

    app.add_middleware(JsonContentTypeMiddleware, prefixes=("/api/", "/match/"), exempt=("/api/v1/jobs", "/api/v1/lists/upload"),
                       versions=context.versions)
    app.add_middleware(BodyLimitMiddleware, limit=context.max_upload_bytes, versions=context.versions)
    app.add_middleware(VersionHeadersMiddleware, versions=context.versions)
    return app


def app_from_environment() -> Any:
    """An app configured from the environment (``uvicorn --factory chipcontrols.api.app:app_from_environment``)."""
    return create_app(os.environ.get("CHIPCONTROLS_DATA_DIR"),
                      warm_up=os.environ.get("CHIPCONTROLS_WARM_UP", "1") != "0")

"""Impact over time and the design envelope (role analyst)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from chipcontrols.api.analysis import design_envelope, impact_over_time
from chipcontrols.api.auth import Principal, context_of, require
from chipcontrols.api.respond import with_versions
from chipcontrols.api.schemas import DesignRequest

router = APIRouter(prefix="/api/v1", tags=["analysis"])


@router.get("/impact", summary="Catalogue chips under control at each date the rules changed")
def impact(request: Request, start: dt.date | None = Query(default=None, alias="from"),
           end: dt.date | None = Query(default=None, alias="to"),
           _: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    return with_versions(context_of(request), impact_over_time(start, end))


@router.post("/design", summary="Design envelope: the most performance a die can have and stay uncontrolled")
def design(body: DesignRequest, request: Request, _: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    result = design_envelope(body.die_area_mm2, body.market, body.as_of, body.precision)
    return with_versions(context_of(request), result)

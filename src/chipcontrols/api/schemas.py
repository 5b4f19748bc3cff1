"""Request bodies of the API, as pydantic models (the OpenAPI schema at /docs is generated from them)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "ClassifyRequest",
    "DecisionRequest",
    "DesignRequest",
    "KeyCreateRequest",
    "ListUpdateRequest",
    "ScreenRequest",
]


class ClassifyRequest(BaseModel):
    """Either a catalogue chip (name, alias or id) or a spec, classified as of a date (default today)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"chip": "H20", "as_of": "2024-06-01"}]})

    chip: str | None = Field(default=None, min_length=1, max_length=200, description="Catalogue name or id")
    spec: dict[str, Any] | None = Field(default=None, description="A chip spec, as in a spec file")
    as_of: dt.date | None = Field(default=None, description="YYYY-MM-DD; default today")

    @model_validator(mode="after")
    def _one_item(self) -> ClassifyRequest:
        if (self.chip is None) == (self.spec is None):
            raise ValueError("give exactly one of 'chip' (a catalogue name) or 'spec' (chip figures)")
        return self


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "Huawei Technologies", "country": "CN"}]})

    name: str = Field(min_length=1, max_length=500)
    country: str | None = Field(default=None, min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    threshold: float | None = Field(default=None, ge=0, le=1)
    include_all: bool = False


class DecisionRequest(BaseModel):
    """An officer's decision on an audited determination or screening; an override must be justified."""

    model_config = ConfigDict(extra="forbid")

    audit_seq: int = Field(ge=1, le=2**62, description="Sequence number of the audit record decided on")
    decision: Literal["confirm", "override", "escalate"]
    outcome: str | None = Field(default=None, max_length=200, description="The outcome the officer sets")
    justification: str = Field(min_length=10, max_length=4000)


class KeyCreateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["viewer", "analyst", "officer", "admin"]
    label: str = Field(default="", max_length=200)


class ListUpdateRequest(BaseModel):
    """Where to import the screening lists from (default: the official Consolidated Screening List)."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://", description="http(s) URL of a list file")
    generated_at: str | None = Field(default=None, max_length=40)
    allow_shrink: bool = False


class DesignRequest(BaseModel):
    """The largest performance a chip of this die area can have and stay outside the controls."""

    model_config = ConfigDict(extra="forbid")

    die_area_mm2: float = Field(gt=0, le=100_000)
    market: Literal["datacenter", "consumer", "workstation"] = "datacenter"
    as_of: dt.date | None = None
    precision: Literal["fp4", "fp8", "int8", "fp16", "bf16", "tf32", "fp32", "fp64"] = "fp8"

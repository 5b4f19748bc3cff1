"""Batch jobs' bookkeeping: status, progress, summary and error of each uploaded order book."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from chipcontrols.store.database import Store, utc_now
from chipcontrols.store.models import BatchJob

__all__ = ["JobInfo", "JobTable"]


@dataclass(frozen=True)
class JobInfo:
    job_id: str
    owner: str
    status: str
    filename: str
    input_format: str
    progress: float
    rows_done: int
    rows_total: int
    summary: dict[str, Any] | None
    error: str | None
    created_at: str
    finished_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id, "status": self.status, "filename": self.filename,
            "input_format": self.input_format, "progress": round(self.progress, 4),
            "rows_done": self.rows_done, "rows_total": self.rows_total, "summary": self.summary,
            "error": self.error, "created_at": self.created_at, "finished_at": self.finished_at,
        }


def _info(row: BatchJob) -> JobInfo:
    return JobInfo(
        row.job_id, row.owner, row.status, row.filename, row.input_format, row.progress, row.rows_done,
        row.rows_total, json.loads(row.summary) if row.summary else None, row.error, row.created_at,
        row.finished_at,
    )


class JobTable:
    """Create and update batch jobs in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, owner: str, filename: str, input_format: str) -> JobInfo:
        row = BatchJob(job_id=secrets.token_hex(8), owner=owner, status="queued", filename=filename[:255],
                       input_format=input_format, progress=0.0, rows_done=0, rows_total=0,
                       created_at=utc_now())
        with self.store.session() as session:
            session.add(row)
        return _info(row)

    def get(self, job_id: str) -> JobInfo | None:
        with self.store.session() as session:
            row = session.get(BatchJob, job_id)
            return _info(row) if row else None

    def list(self, owner: str | None = None, limit: int = 50) -> list[JobInfo]:
        with self.store.session() as session:
            query = select(BatchJob)
            if owner:
                query = query.where(BatchJob.owner == owner)
            return [_info(row) for row in session.scalars(query.order_by(BatchJob.created_at.desc()).limit(limit))]

    def update(self, job_id: str, **changes: Any) -> None:
        if "summary" in changes and changes["summary"] is not None:
            changes["summary"] = json.dumps(changes["summary"], sort_keys=True, default=str)
        if changes.get("status") in ("done", "failed"):
            changes.setdefault("finished_at", utc_now())
        with self.store.session() as session:
            row = session.get(BatchJob, job_id)
            if row is not None:
                for name, value in changes.items():
                    setattr(row, name, value)

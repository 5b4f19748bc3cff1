"""Runs uploaded order books in the background, one at a time, recording progress and an audit record."""

from __future__ import annotations

import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chipcontrols.api import engine
from chipcontrols.api.context import ServiceContext
from chipcontrols.errors import ChipControlsError

__all__ = ["JobRunner", "job_paths"]

_log = logging.getLogger("chipcontrols.jobs")


def job_paths(context: ServiceContext, job_id: str, input_format: str) -> tuple[Path, Path]:
    folder = context.jobs_dir / job_id
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"input.{input_format}", folder / "results.csv"


class JobRunner:
    """A single background worker: jobs run in submission order; progress is written to the store."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-job")

    def submit(self, job_id: str, input_path: Path, output_path: Path, actor: tuple[str, str]) -> None:
        self._pool.submit(self._run, job_id, input_path, output_path, actor)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job_id: str, input_path: Path, output_path: Path, actor: tuple[str, str]) -> None:
        jobs = self.context.jobs
        jobs.update(job_id, status="running")

        def progress(fraction: float) -> None:
            jobs.update(job_id, progress=min(max(float(fraction), 0.0), 1.0))

        digest = hashlib.sha256(input_path.read_bytes()).hexdigest()
        try:
            summary = engine.run_batch(input_path, output_path, progress)
        except ChipControlsError as error:
            jobs.update(job_id, status="failed", error=error.message)
            summary = {"error": error.message}
        except Exception as error:  # noqa: BLE001 - a failed job is reported, never crashes the service
            _log.exception("batch job %s failed", job_id)
            jobs.update(job_id, status="failed", error=f"Internal error ({type(error).__name__}) while running the job.")
            summary = {"error": type(error).__name__}
        else:
            rows = int(summary.get("rows") or 0)
            jobs.update(job_id, status="done", progress=1.0, summary=summary, rows_done=rows, rows_total=rows)
        try:
            self.context.audit.append(
                actor=actor[0], role=actor[1], action="batch",
                inputs={"job_id": job_id, "file": input_path.name, "sha256": digest}, result=summary,
                versions=self.context.versions(),
            )
        except ChipControlsError:
            _log.exception("could not audit batch job %s", job_id)

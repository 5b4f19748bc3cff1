"""Batch jobs (role analyst): upload a CSV or Parquet order book, poll its progress, download the results."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse

from chipcontrols.api.auth import Principal, context_of, require
from chipcontrols.api.job_runner import job_paths
from chipcontrols.api.respond import with_versions

router = APIRouter(prefix="/api/v1/jobs", tags=["batch jobs"])

_FORMATS = {".csv": "csv", ".parquet": "parquet"}


def _own_job(request: Request, job_id: str, principal: Principal) -> Any:
    job = context_of(request).jobs.get(job_id[:64])
    if job is None or (job.owner != principal.key_id and principal.role not in ("officer", "admin")):
        raise HTTPException(status_code=404, detail=f"No batch job {job_id[:64]!r}.")
    return job


@router.post("", status_code=202, summary="Upload an order book (CSV or Parquet) and start a batch job")
async def create_job(request: Request, file: UploadFile = File(..., description="order book, .csv or .parquet"),
                     principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    context = context_of(request)
    filename = (file.filename or "").strip()
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in _FORMATS:
        raise HTTPException(status_code=415, detail="Upload a .csv or .parquet order book.")
    content = await file.read()
    if not content:
        raise HTTPException(status_code=422, detail="The uploaded file is empty.")
    if _FORMATS[suffix] == "csv":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(status_code=422, detail="The CSV file is not UTF-8 text.") from None
    elif not content.startswith(b"PAR1"):
        raise HTTPException(status_code=422, detail="The file is not a Parquet file.")
    job = context.jobs.create(principal.key_id, filename, _FORMATS[suffix])
    input_path, output_path = job_paths(context, job.job_id, job.input_format)
    input_path.write_bytes(content)
    request.app.state.job_runner.submit(job.job_id, input_path, output_path, (principal.key_id, principal.role))
    return with_versions(context, {"job": job.to_dict(), "status_url": f"/api/v1/jobs/{job.job_id}",
                                   "result_url": f"/api/v1/jobs/{job.job_id}/result"})


@router.get("", summary="Your batch jobs, newest first")
def list_jobs(request: Request, principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    context = context_of(request)
    owner = None if principal.role in ("officer", "admin") else principal.key_id
    return with_versions(context, {"jobs": [job.to_dict() for job in context.jobs.list(owner)]})


@router.get("/{job_id}", summary="Status and progress of a batch job")
def job_status(job_id: str, request: Request, principal: Principal = Depends(require("analyst"))) -> dict[str, Any]:
    return with_versions(context_of(request), {"job": _own_job(request, job_id, principal).to_dict()})


@router.get("/{job_id}/result", summary="Download the results of a finished batch job (CSV)")
def job_result(job_id: str, request: Request, principal: Principal = Depends(require("analyst"))) -> FileResponse:
    job = _own_job(request, job_id, principal)
    if job.status != "done":
        raise HTTPException(status_code=409, detail=f"The job is {job.status}; results are ready when it is done.")
    _input, output = job_paths(context_of(request), job.job_id, job.input_format)
    if not output.exists():
        raise HTTPException(status_code=410, detail="The results file of this job is gone.")
    stem = job.filename.rsplit(".", 1)[0][:80] or "order-book"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in stem)
    return FileResponse(output, media_type="text/csv", filename=f"{safe}-results.csv")

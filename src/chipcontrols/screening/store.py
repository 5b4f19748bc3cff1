"""Local list snapshots: the bundled default, imported snapshots under ``data_dir()/lists/``, and the active pointer.

Layout of ``data_dir()/lists/``:

- ``<snapshot-id>.json.gz``: one normalised snapshot (provenance + entries), written to a temp file then renamed;
- ``active``: a small JSON pointer ``{"snapshot": id, "file": name, "activated_at": ...}``, replaced atomically.

An import validates the whole file before anything is written; the pointer only moves once the new snapshot is
safely on disk, so a refused import leaves the previous snapshot active. With no pointer (or a pointer to a missing
file, which is reported) the bundled snapshot is active.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import gc
import gzip
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from chipcontrols.errors import ListDataError
from chipcontrols.screening.fetch import fetch_url, is_url
from chipcontrols.screening.model import ListEntry, ListSnapshot
from chipcontrols.screening.readers import read_list_bytes
from chipcontrols.settings import data_dir

__all__ = [
    "BUNDLED_SNAPSHOT_FILE",
    "ImportReport",
    "active_pointer",
    "atomic_write_bytes",
    "import_list",
    "list_snapshots",
    "load_active_snapshot",
    "load_bundled_snapshot",
    "load_snapshot_file",
    "lists_dir",
]

BUNDLED_SNAPSHOT_FILE = "csl_compact_2026-07-31.json.gz"
SNAPSHOT_FORMAT = "chipcontrols-list-snapshot"
SNAPSHOT_FORMAT_VERSION = 1
# An import that would drop more than this share of the active snapshot's entries is refused unless forced.
MAX_SHRINK = 0.5


def lists_dir() -> Path:
    path = data_dir() / "lists"
    path.mkdir(parents=True, exist_ok=True)
    return path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then os.replace (never a half-written file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@functools.lru_cache(maxsize=1)
def load_bundled_snapshot() -> ListSnapshot:
    """The snapshot shipped inside the package (read once per process)."""
    data = resources.files("chipcontrols.screening").joinpath("data").joinpath(BUNDLED_SNAPSHOT_FILE).read_bytes()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        listing = read_list_bytes(data, BUNDLED_SNAPSHOT_FILE)
    finally:
        if gc_was_enabled:
            gc.enable()
    return ListSnapshot.build(
        source=f"bundled:{BUNDLED_SNAPSHOT_FILE}",
        generated_at=listing.generated_at,
        entries=listing.entries,
        imported_at="",
        format=listing.format,
    )


def _snapshot_document(snapshot: ListSnapshot) -> dict[str, Any]:
    return {
        "document": SNAPSHOT_FORMAT,
        "document_version": SNAPSHOT_FORMAT_VERSION,
        **snapshot.describe(),
        "entries": [_entry_record(e) for e in snapshot.entries],
    }


def _entry_record(entry: ListEntry) -> dict[str, Any]:
    # Licence terms are derived; they are recomputed on load so normalisation fixes apply to stored snapshots.
    return entry.record()


def load_snapshot_file(path: Path) -> ListSnapshot:
    """Read a stored snapshot and check its content hash."""
    try:
        document = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, ValueError) as error:
        raise ListDataError(f"Stored list snapshot {path.name} cannot be read ({error}).") from None
    if not isinstance(document, dict) or document.get("document") != SNAPSHOT_FORMAT:
        raise ListDataError(f"{path.name} is not a chipcontrols list snapshot.")
    entries = [ListEntry.from_dict(record) for record in document.get("entries") or []]
    snapshot = ListSnapshot.build(
        source=document.get("source", ""),
        generated_at=document.get("generated_at", ""),
        entries=entries,
        imported_at=document.get("imported_at", ""),
        format=document.get("format", ""),
    )
    if snapshot.content_hash != document.get("content_hash"):
        raise ListDataError(f"Stored list snapshot {path.name} does not match its content hash; it was altered.")
    return ListSnapshot(
        source=snapshot.source,
        generated_at=snapshot.generated_at,
        entries=snapshot.entries,
        content_hash=snapshot.content_hash,
        imported_at=snapshot.imported_at,
        format=str(document.get("format") or ""),
    )


def active_pointer() -> dict[str, Any] | None:
    """The active pointer, or None when the bundled snapshot is active."""
    pointer = lists_dir() / "active"
    if not pointer.exists():
        return None
    try:
        data = json.loads(pointer.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ListDataError(f"The active-list pointer {pointer} is unreadable ({error}).") from None
    return data if isinstance(data, dict) else None


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> ListSnapshot:
    return load_snapshot_file(Path(path))


def load_active_snapshot() -> ListSnapshot:
    """The imported snapshot the pointer names, else the bundled snapshot."""
    pointer = active_pointer()
    if not pointer:
        return load_bundled_snapshot()
    path = lists_dir() / str(pointer.get("file", ""))
    if not path.is_file():
        raise ListDataError(
            f"The active list snapshot {pointer.get('snapshot')!r} is missing from {lists_dir()}. "
            "Run `chipcontrols lists update --from FILE` again, or delete the 'active' file to use the bundled list."
        )
    return _load_cached(str(path), path.stat().st_mtime_ns)


def list_snapshots() -> list[dict[str, Any]]:
    """Provenance of every stored snapshot (newest first), without loading entries."""
    out = []
    for path in sorted(lists_dir().glob("*.json.gz"), key=lambda p: p.stat().st_mtime, reverse=True):
        out.append({"file": path.name, "bytes": path.stat().st_size})
    return out


@dataclass(frozen=True, slots=True)
class ImportReport:
    snapshot: ListSnapshot
    previous: dict[str, Any]
    file: Path

    def to_dict(self) -> dict[str, Any]:
        return {"imported": self.snapshot.describe(), "previous": self.previous, "file": str(self.file)}


def _http_date(value: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(value).astimezone(dt.UTC).isoformat()
    except (TypeError, ValueError):
        return ""


def import_list(
    source: str, *, generated_at: str | None = None, allow_shrink: bool = False, timeout: float = 60.0
) -> ImportReport:
    """Fetch or read ``source`` (a path or an http(s) URL), validate it whole, store it and make it active.

    Nothing changes unless every step succeeds: a malformed, truncated or empty file raises ListDataError and the
    previous snapshot stays active.
    """
    if is_url(source):
        data, last_modified = fetch_url(source, timeout=timeout)
        origin = source
        file_date = _http_date(last_modified)
    else:
        path = Path(source).expanduser()
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ListDataError(
                f"Cannot read list file {source!r}: {error.strerror or error}. The active snapshot is unchanged."
            ) from None
        origin = path.name
        file_date = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(microsecond=0).isoformat()
    listing = read_list_bytes(data, origin)
    snapshot = ListSnapshot.build(
        source=source,
        generated_at=generated_at or listing.generated_at or file_date or _now(),
        entries=listing.entries,
        imported_at=_now(),
        format=listing.format,
    )
    previous = load_active_snapshot()
    if not allow_shrink and len(snapshot.entries) < MAX_SHRINK * len(previous.entries):
        raise ListDataError(
            f"{origin} holds {len(snapshot.entries):,} entries, less than half of the active snapshot's "
            f"{len(previous.entries):,}; it looks incomplete and was refused (the active snapshot is unchanged). "
            "Use --allow-shrink to import it anyway."
        )
    document = _snapshot_document(snapshot)
    document["source_sha256"] = hashlib.sha256(data).hexdigest()
    file = lists_dir() / f"{snapshot.snapshot_id}.json.gz"
    atomic_write_bytes(file, gzip.compress(json.dumps(document, ensure_ascii=False).encode(), compresslevel=6))
    load_snapshot_file(file)  # read back before switching
    pointer = {"snapshot": snapshot.snapshot_id, "file": file.name, "activated_at": _now(), "source": source}
    atomic_write_bytes(lists_dir() / "active", json.dumps(pointer, indent=2).encode())
    return ImportReport(snapshot=snapshot, previous=previous.describe(), file=file)

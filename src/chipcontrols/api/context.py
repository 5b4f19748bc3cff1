"""What every request handler needs: the store and its tables, limits, and the versions to report."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from chipcontrols.api import engine
from chipcontrols.store.audit import AuditLog
from chipcontrols.store.database import Store
from chipcontrols.store.jobs import JobTable
from chipcontrols.store.keys import KeyRing

__all__ = ["DEFAULT_MAX_UPLOAD_BYTES", "ServiceContext"]

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
_VERSIONS_TTL_SECONDS = 5.0


@dataclass
class ServiceContext:
    """The service's state, created once by ``create_app`` and kept on ``app.state.context``."""

    store: Store
    data_dir: Path
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    keys: KeyRing = field(init=False)
    audit: AuditLog = field(init=False)
    jobs: JobTable = field(init=False)
    _versions: dict[str, str] = field(default_factory=dict, init=False)
    _versions_at: float = field(default=0.0, init=False)
    _versions_lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    engine_ready: threading.Event = field(default_factory=threading.Event, init=False)

    def __post_init__(self) -> None:
        self.keys = KeyRing(self.store)
        self.audit = AuditLog(self.store)
        self.jobs = JobTable(self.store)

    @property
    def jobs_dir(self) -> Path:
        path = self.data_dir / "jobs"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def versions(self) -> dict[str, str]:
        """chipcontrols, rule-data and list-snapshot versions (re-read at most every few seconds)."""
        now = time.monotonic()
        if not self._versions or now - self._versions_at > _VERSIONS_TTL_SECONDS:
            with self._versions_lock:
                if not self._versions or now - self._versions_at > _VERSIONS_TTL_SECONDS:
                    self._versions = engine.versions()
                    self._versions_at = now
        return self._versions

    def warm_up(self) -> None:
        """Load the engine's data in this thread, then mark the engine ready (see /healthz)."""
        try:
            engine.warm_up()
        finally:
            self.forget_versions()
            self.engine_ready.set()

    def forget_versions(self) -> None:
        self._versions_at = 0.0

    def close(self) -> None:
        self.audit.close()
        self.store.dispose()

"""Where chipcontrols keeps its local state (list snapshots, database, jobs), from flags or environment.

- data directory: ``--data-dir`` flag, else ``CHIPCONTROLS_DATA_DIR``, else ``~/.local/share/chipcontrols``.
- database: ``CHIPCONTROLS_DATABASE_URL`` (e.g. ``postgresql+psycopg://user@host/db``), else a SQLite file
  ``chipcontrols.db`` in the data directory.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "database_url"]


def data_dir(override: str | Path | None = None, *, create: bool = True) -> Path:
    """The data directory; created on first use."""
    if override is not None:
        path = Path(override)
    elif os.environ.get("CHIPCONTROLS_DATA_DIR"):
        path = Path(os.environ["CHIPCONTROLS_DATA_DIR"])
    else:
        path = Path.home() / ".local" / "share" / "chipcontrols"
    path = path.expanduser()
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def database_url(directory: str | Path | None = None) -> str:
    """The SQLAlchemy URL of the store."""
    url = os.environ.get("CHIPCONTROLS_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir(directory) / 'chipcontrols.db'}"

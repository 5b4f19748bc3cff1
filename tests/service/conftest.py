"""Fixtures of the service tests: databases (SQLite and PostgreSQL), the app, and keys of every role.

PostgreSQL comes from ``scripts/services.d/postgres.sh`` (URL in ``.test-services/postgres.url``) or from
``CHIPCONTROLS_TEST_POSTGRES_URL``. Each test gets its own schema. Without a server the PostgreSQL cases
are skipped on a developer's machine and fail in CI (``CI=true``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from service_support import ROLES, ROOT, LiveServer, Service

__all__ = ["ROLES", "ROOT", "LiveServer", "Service"]


def postgres_base_url() -> str | None:
    url = os.environ.get("CHIPCONTROLS_TEST_POSTGRES_URL")
    if url:
        return url
    path = ROOT / ".test-services" / "postgres.url"
    return path.read_text().strip() if path.exists() else None


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason} (run scripts/services.d/postgres.sh)")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    base = postgres_base_url()
    if not base:
        _postgres_unavailable("no URL in .test-services/postgres.url or CHIPCONTROLS_TEST_POSTGRES_URL")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # noqa: BLE001
        admin.dispose()
        _postgres_unavailable(f"cannot connect: {error}")
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'chipcontrols.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    """The app on a SQLite store in a temporary data directory (screening snapshots there too)."""
    monkeypatch.setenv("CHIPCONTROLS_DATA_DIR", str(tmp_path / "data"))
    yield from _service(tmp_path, None)


@pytest.fixture
def any_db_service(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    """The app on SQLite and on PostgreSQL."""
    monkeypatch.setenv("CHIPCONTROLS_DATA_DIR", str(tmp_path / "data"))
    yield from _service(tmp_path, database_url)


def _service(tmp_path: Path, url: str | None) -> Iterator[Service]:
    from fastapi.testclient import TestClient

    from chipcontrols.api import create_app

    app = create_app(tmp_path / "data", database_url=url, max_upload_bytes=1024 * 1024, warm_up=False)
    keys = {role: app.state.context.keys.create(role, label=f"test {role}")[0] for role in ROLES}
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Service(app, client, keys)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live") / "data")
    server.data_dir.mkdir(parents=True)
    server.start()
    yield server
    server.stop()

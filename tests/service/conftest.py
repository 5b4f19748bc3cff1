"""Fixtures of the service tests: databases (SQLite and PostgreSQL), the app, and keys of every role.

PostgreSQL comes from ``scripts/services.d/postgres.sh`` (URL in ``.test-services/postgres.url``) or from
``CHIPCONTROLS_TEST_POSTGRES_URL``. Each test gets its own schema. Without a server the PostgreSQL cases
are skipped on a developer's machine and fail in CI (``CI=true``).
"""

from __future__ import annotations

import importlib.util
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("viewer", "analyst", "officer", "admin")


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


def engine_part(module: str) -> pytest.MarkDecorator:
    """Skip until the engine part is merged (the service depends on it through api/engine.py)."""
    present = importlib.util.find_spec(module.rsplit(".", 1)[0]) is not None and _importable(module)
    return pytest.mark.skipif(not present, reason=f"{module} is not merged into this branch yet")


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


class Service:
    """The app under test with an httpx client and a key per role."""

    def __init__(self, app, client, keys: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.client = client
        self.keys = keys

    @property
    def context(self):  # type: ignore[no-untyped-def]
        return self.app.state.context

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}

    def get(self, path: str, role: str | None = "admin", **kwargs):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers=self.headers(role) if role else {}, **kwargs)

    def post(self, path: str, role: str | None = "admin", **kwargs):  # type: ignore[no-untyped-def]
        headers = {**(self.headers(role) if role else {}), **kwargs.pop("headers", {})}
        return self.client.post(path, headers=headers, **kwargs)


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    """The app on a SQLite store in a temporary data directory."""
    yield from _service(tmp_path, None)


@pytest.fixture
def any_db_service(tmp_path: Path, database_url: str) -> Iterator[Service]:
    """The app on SQLite and on PostgreSQL."""
    yield from _service(tmp_path, database_url)


def _service(tmp_path: Path, url: str | None) -> Iterator[Service]:
    from fastapi.testclient import TestClient

    from chipcontrols.api import create_app

    app = create_app(tmp_path / "data", database_url=url, max_upload_bytes=1024 * 1024)
    keys = {role: app.state.context.keys.create(role, label=f"test {role}")[0] for role in ROLES}
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Service(app, client, keys)


class LiveServer:
    """A real ``uvicorn`` process serving the app on loopback, with a fresh data directory."""

    def __init__(self, data_dir: Path) -> None:
        import socket

        self.data_dir = data_dir
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> None:
        import subprocess
        import sys
        import time

        import httpx

        env = {**os.environ, "CHIPCONTROLS_DATA_DIR": str(self.data_dir)}
        env.pop("CHIPCONTROLS_DATABASE_URL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "chipcontrols.api.app:app_from_environment",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            env=env, cwd=ROOT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("the service did not start within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def key(self, role: str) -> str:
        from chipcontrols.store import open_store
        from chipcontrols.store.keys import KeyRing

        store = open_store(self.data_dir)
        try:
            return KeyRing(store).create(role, label=f"live {role}")[0]
        finally:
            store.dispose()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live") / "data")
    server.data_dir.mkdir(parents=True)
    server.start()
    yield server
    server.stop()

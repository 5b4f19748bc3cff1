"""`chipcontrols keys` and `chipcontrols audit` on SQLite and PostgreSQL; `serve` starts and answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from service_support import ROOT
from sqlalchemy import text

from chipcontrols.cli.app import main
from chipcontrols.store import open_store
from chipcontrols.store.audit import AuditLog
from chipcontrols.store.keys import KeyRing


@pytest.fixture
def data_dir(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory whose store is SQLite or (through the environment) PostgreSQL."""
    if database_url.startswith("postgresql"):
        monkeypatch.setenv("CHIPCONTROLS_DATABASE_URL", database_url)
    else:
        monkeypatch.delenv("CHIPCONTROLS_DATABASE_URL", raising=False)
    return tmp_path / "data"


def test_keys_create_prints_the_key_alone_on_the_last_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "--role", "officer", "--label", "desk", "--data-dir", str(data_dir)]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("cc_") and " " not in key
    store = open_store(data_dir)
    info = KeyRing(store).authenticate(key)
    assert info is not None and info.role == "officer" and info.label == "desk"
    assert main(["keys", "list", "--json", "--data-dir", str(data_dir)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [row["key_id"] for row in listed] == [info.key_id]
    assert main(["keys", "revoke", info.key_id, "--data-dir", str(data_dir)]) == 0
    assert KeyRing(store).authenticate(key) is None
    store.dispose()
    assert main(["keys", "create", "--role", "superuser", "--data-dir", str(data_dir)]) == 2


def test_audit_verify_exit_codes_and_export(data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = open_store(data_dir)
    log = AuditLog(store)
    for index in range(4):
        log.append(actor="k", role="analyst", action="screening", inputs={"name": f"n{index}"}, result={"hits": []},
                   versions={"chipcontrols": "0", "rule_data": "r", "list_snapshot": "l"})
    log.close()
    assert main(["audit", "verify", "--data-dir", str(data_dir)]) == 0
    assert "intact: 4 records" in capsys.readouterr().out
    out = tmp_path / "audit.csv"
    assert main(["audit", "export", "--format", "csv", "--output", str(out), "--data-dir", str(data_dir)]) == 0
    assert len(out.read_text().splitlines()) == 5
    assert main(["audit", "export", "--format", "jsonl", "--data-dir", str(data_dir)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_records SET actor = 'someone else' WHERE seq = 2"))
    assert main(["audit", "verify", "--data-dir", str(data_dir)]) == 1
    assert "record 2 (edited)" in capsys.readouterr().out
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_records SET actor = 'k' WHERE seq = 2"))
        connection.execute(text("DELETE FROM audit_records WHERE seq = 3"))
    assert main(["audit", "verify", "--json", "--data-dir", str(data_dir)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["problems"][0]["kind"] == "deleted" and report["problems"][0]["seq"] == 4
    store.dispose()


def test_serve_starts_prints_the_first_admin_key_and_answers(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "CHIPCONTROLS_DATABASE_URL"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "chipcontrols"), "serve", "--port", str(port), "--data-dir",
         str(tmp_path / "data"), "--first-admin-key"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        key = url = None
        deadline = time.monotonic() + 60
        assert process.stdout is not None
        while time.monotonic() < deadline and (key is None or url is None):
            line = process.stdout.readline()
            if "First admin key" in line:
                key = line.rsplit(" ", 1)[-1].strip()
            if "serving on" in line:
                url = line.split("serving on ", 1)[1].split()[0]
        assert key and url == f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                if httpx.get(f"{url}healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        response = httpx.get(f"{url}api/v1/keys", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200 and response.json()["keys"][0]["role"] == "admin"
    finally:
        process.terminate()
        process.wait(timeout=20)

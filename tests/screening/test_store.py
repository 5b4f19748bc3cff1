"""Snapshots: importing from files and URLs, the atomic active pointer, and refusals that change nothing."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chipcontrols.errors import ListDataError
from chipcontrols.screening.store import (
    active_pointer,
    import_list,
    load_active_snapshot,
    load_bundled_snapshot,
    load_snapshot_file,
)

from .conftest import FIXTURES

SAMPLE = FIXTURES / "csl_sample_2023-11-30_slice.csv"
CURRENT = FIXTURES / "csl_current_fixture.csv"


def test_bundled_snapshot_is_active_by_default(data_dir: Path) -> None:
    snapshot = load_active_snapshot()
    assert snapshot is load_bundled_snapshot()
    info = snapshot.describe()
    assert info["entries"] == 25921
    assert info["generated_at"].startswith("2026-07-31")
    assert info["counts_by_list"]["EL"] == 3420 and info["counts_by_list"]["SDN"] == 19181
    assert active_pointer() is None


def test_import_creates_versioned_snapshot_and_pointer(data_dir: Path) -> None:
    report = import_list(str(SAMPLE), allow_shrink=True)
    pointer = active_pointer()
    assert pointer and pointer["snapshot"] == report.snapshot.snapshot_id
    stored = data_dir / "lists" / pointer["file"]
    assert stored.name.endswith(".json.gz") and stored.is_file()
    active = load_active_snapshot()
    assert active.content_hash == report.snapshot.content_hash
    assert len(active.entries) == 72
    assert active.counts_by_list["EL"] == report.snapshot.counts_by_list["EL"]
    assert load_snapshot_file(stored).content_hash == report.snapshot.content_hash
    assert report.previous["id"] == load_bundled_snapshot().snapshot_id
    assert not list((data_dir / "lists").glob("*.tmp"))  # no temp files left behind


def test_same_content_gives_same_snapshot_id(data_dir: Path) -> None:
    first = import_list(str(SAMPLE), allow_shrink=True, generated_at="2023-11-30")
    second = import_list(str(SAMPLE), allow_shrink=True, generated_at="2023-11-30")
    assert first.snapshot.snapshot_id == second.snapshot.snapshot_id


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"not,a,list\n1,2,3\n", "no source, name column"),
        (b'{"results": [{"name": "A", "source": "Entity List (EL)"}', "not valid JSON"),
    ],
)
def test_bad_import_leaves_previous_snapshot_active(
    data_dir: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    good = import_list(str(CURRENT), allow_shrink=True)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    with pytest.raises(ListDataError, match=message):
        import_list(str(bad))
    assert active_pointer()["snapshot"] == good.snapshot.snapshot_id
    assert load_active_snapshot().content_hash == good.snapshot.content_hash


def test_truncated_csv_import_is_refused(data_dir: Path, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    cut = tmp_path / "consolidated.csv"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(ListDataError, match="Nothing was imported"):
        import_list(str(cut), allow_shrink=True)
    assert active_pointer() is None  # still the bundled list


def test_much_smaller_list_needs_allow_shrink(data_dir: Path) -> None:
    with pytest.raises(ListDataError, match="less than half"):
        import_list(str(CURRENT))
    assert active_pointer() is None


def test_missing_file_message(data_dir: Path) -> None:
    with pytest.raises(ListDataError, match="Cannot read list file"):
        import_list("/nonexistent/consolidated.csv")


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, bytes, dict[str, str]]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        status, body, headers = self.routes.get(self.path, (404, b"not found", {}))
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body[: int(headers.get("X-Send", len(body)))])

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_import_from_url(data_dir: Path, http_server: str) -> None:
    _Handler.routes = {
        "/consolidated.csv": (200, SAMPLE.read_bytes(), {"Last-Modified": "Mon, 30 Nov 2026 06:00:00 GMT"}),
    }
    report = import_list(f"{http_server}/consolidated.csv", allow_shrink=True)
    assert report.snapshot.generated_at.startswith("2026-11-30T06:00:00")
    assert active_pointer()["source"].endswith("/consolidated.csv")


def test_url_errors_are_refused_cleanly(data_dir: Path, http_server: str) -> None:
    body = SAMPLE.read_bytes()
    _Handler.routes = {
        "/gone.csv": (503, b"maintenance", {}),
        "/short.csv": (200, body, {"X-Send": str(len(body) // 2)}),
    }
    with pytest.raises(ListDataError, match="HTTP 503"):
        import_list(f"{http_server}/gone.csv")
    with pytest.raises(ListDataError, match="incomplete|cut short|truncated"):
        import_list(f"{http_server}/short.csv", allow_shrink=True, timeout=5)
    with pytest.raises(ListDataError, match="Cannot reach"):
        import_list("http://127.0.0.1:9/consolidated.json", timeout=2)
    assert active_pointer() is None


def test_json_import_round_trip(data_dir: Path, tmp_path: Path) -> None:
    results = [
        {"id": f"x{i}", "source": "Entity List (EL) - Bureau of Industry and Security", "name": f"Party {i}",
         "alt_names": [], "addresses": [{"country": "CN"}], "license_requirement": "For all items subject to the EAR.",
         "license_policy": "Presumption of denial."}
        for i in range(5)
    ]
    path = tmp_path / "consolidated.json"
    path.write_text(json.dumps({"results": results}), encoding="utf-8")
    report = import_list(str(path), allow_shrink=True)
    assert report.snapshot.format == "csl-json"
    assert load_active_snapshot().counts_by_list == {"EL": 5}

"""Bad input never gives a 500, and script- or SQL-looking text is never put into a page unescaped."""

from __future__ import annotations

import pytest
from service_support import Service

NASTY = [
    "<script>alert('x')</script>",
    "'; DROP TABLE audit_records; --",
    "\" OR 1=1 --",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "\u0000\u202e",
]


def _no_raw_markup(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html


@pytest.mark.parametrize("text", NASTY)
def test_api_text_fields(service: Service, text: str) -> None:
    calls = [
        ("/api/v1/classify", {"chip": text}),
        ("/api/v1/classify", {"spec": {"name": text, "market": "datacenter", "dense_peak": {"fp8": 1}}}),
        ("/api/v1/check", {"item": {"chip": text}, "quantity": 1, "destination": "CN", "as_of": "2025-04-20"}),
        ("/api/v1/check", {"item": {"chip": "H20"}, "destination": text, "end_user": {"name": text, "country": text},
                           "end_use": text, "exporter": text}),
        ("/api/v1/screen", {"name": text}),
        ("/api/v1/screen", {"name": "Acme", "country": text}),
        ("/match/default", {"queries": {"q": {"schema": text, "properties": {"name": [text]}}}}),
        ("/api/v1/decisions", {"audit_seq": 1, "decision": "override", "outcome": text, "justification": text * 3}),
        ("/api/v1/keys", {"role": "viewer", "label": text}),
    ]
    for path, body in calls:
        response = service.post(path, "admin", json=body)
        assert response.status_code < 500 or response.status_code == 503, (path, response.status_code, response.text)
    from urllib.parse import quote

    for path in (f"/api/v1/catalog/{quote(text)}", f"/api/v1/jobs/{quote(text)}", f"/api/v1/audit?action={quote(text)}"):
        response = service.get(path, "admin")
        assert response.status_code < 500, (path, response.text)
    # the audit log still verifies and the tables are all there
    assert service.get("/api/v1/audit/verify", "officer").json()["report"]["ok"] is True


@pytest.mark.parametrize("text", NASTY)
def test_web_forms_escape_everything(service: Service, text: str) -> None:
    from urllib.parse import quote

    login = service.client.post("/login", data={"key": text})
    assert login.status_code == 401
    _no_raw_markup(login.text)
    service.client.cookies.set("chipcontrols_key", service.keys["admin"])
    pages = [
        ("/classify", {"name": text, "dense_tops": text, "die_area_mm2": text, "as_of": ""}),
        ("/classify", {"chip": text[:200]}),
        ("/check", {"item": text, "quantity": "1", "customer": text, "country": "CN", "end_use": text}),
        ("/check", {"item": "nvidia/h20", "quantity": "1", "customer": text, "country": "CN", "ship_date": "2025-04-20"}),
        ("/screen", {"name": text}),
    ]
    for path, form in pages:
        response = service.client.post(path, data=form)
        assert response.status_code < 500 or response.status_code == 503, (path, response.text[:300])
        _no_raw_markup(response.text)
    for path in ("/audit", f"/impact?die_area_mm2={quote(text)}", "/batch"):
        response = service.client.get(path)
        assert response.status_code < 500, path
        _no_raw_markup(response.text)


def test_malformed_requests(service: Service) -> None:
    headers = {"Content-Type": "application/json"}
    broken = service.post("/api/v1/screen", "analyst", content=b'{"name": ', headers=headers)
    assert broken.status_code == 400 and "not valid JSON" in broken.json()["detail"]
    wrong_type = service.post("/api/v1/screen", "analyst", content=b"name=x",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert wrong_type.status_code == 415 and "JSON" in wrong_type.json()["detail"]
    assert wrong_type.json()["versions"]["chipcontrols"]
    assert service.post("/api/v1/screen", "analyst", json=["a list"]).status_code == 422
    assert service.post("/api/v1/check", "analyst", json="a string").status_code == 422
    unknown = service.get("/api/v1/no-such-thing", "analyst")
    assert unknown.status_code == 404 and "No such path" in unknown.json()["detail"]
    assert service.client.put("/api/v1/screen", headers=service.headers("analyst")).status_code == 405
    too_big = service.post("/api/v1/screen", "analyst", content=b'{"name": "' + b"a" * (2 * 1024 * 1024) + b'"}',
                           headers=headers)
    assert too_big.status_code == 413 and too_big.json()["versions"]["chipcontrols"]


def test_pages_need_a_key(service: Service) -> None:
    for path in ("/", "/classify", "/check", "/screen", "/batch", "/impact", "/rules", "/audit"):
        response = service.client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login", path
    assert service.client.get("/login").status_code == 200
    assert service.client.get("/static/app.css").status_code == 200
    assert service.client.get("/docs").status_code == 401
    service.client.cookies.set("chipcontrols_key", service.keys["viewer"])
    assert service.client.get("/audit").status_code == 403
    assert service.client.get("/rules").status_code == 200

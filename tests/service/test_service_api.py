"""The REST API through the real ASGI app: every endpoint, role and error."""

from __future__ import annotations

import io
import time

import pytest
from service_support import ROLES, ROOT, Service, engine_part

needs_classify = engine_part("chipcontrols.classification")
needs_licensing = engine_part("chipcontrols.licensing")
needs_screening = engine_part("chipcontrols.screening")
needs_rules = engine_part("chipcontrols.rules")

# (method, path, JSON body or None, the lowest role allowed)
ENDPOINTS = [
    ("GET", "/api/v1/version", None, "viewer"),
    ("GET", "/api/v1/catalog", None, "viewer"),
    ("GET", "/api/v1/catalog/H20", None, "viewer"),
    ("GET", "/api/v1/rules/instruments", None, "viewer"),
    ("GET", "/api/v1/rules/timeline", None, "viewer"),
    ("GET", "/api/v1/lists", None, "viewer"),
    ("POST", "/api/v1/classify", {"chip": "H20", "as_of": "2024-06-01"}, "analyst"),
    ("POST", "/api/v1/check", {"item": {"chip": "H20"}, "destination": "DE", "as_of": "2025-04-20"}, "analyst"),
    ("POST", "/api/v1/screen", {"name": "Huawei"}, "analyst"),
    ("POST", "/match/default", {"queries": {}}, "analyst"),
    ("GET", "/api/v1/jobs", None, "analyst"),
    ("GET", "/api/v1/impact", None, "analyst"),
    ("POST", "/api/v1/design", {"die_area_mm2": 800}, "analyst"),
    ("POST", "/api/v1/decisions", {"audit_seq": 1, "decision": "confirm", "justification": "checked by hand"}, "officer"),
    ("GET", "/api/v1/audit", None, "officer"),
    ("GET", "/api/v1/audit/verify", None, "officer"),
    ("GET", "/api/v1/audit/export", None, "officer"),
    ("GET", "/api/v1/keys", None, "admin"),
    ("POST", "/api/v1/keys", {"role": "viewer"}, "admin"),
    ("POST", "/api/v1/lists/update", {"url": "http://127.0.0.1:9/no-list.csv"}, "admin"),
    ("GET", "/docs", None, "viewer"),
    ("GET", "/openapi.json", None, "viewer"),
]


def _call(service: Service, method: str, path: str, body: object, role: str | None):  # type: ignore[no-untyped-def]
    if method == "GET":
        return service.get(path, role)
    return service.post(path, role, json=body) if body is not None else service.post(path, role)


@pytest.mark.parametrize(("method", "path", "body", "lowest"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_roles(service: Service, method: str, path: str, body: object, lowest: str) -> None:
    response = _call(service, method, path, body, None)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    bad = service.client.request(method, path, headers={"Authorization": "Bearer cc_nope_nope"})
    assert bad.status_code == 401
    for role in ROLES:
        response = _call(service, method, path, body, role)
        if ROLES.index(role) < ROLES.index(lowest):
            assert response.status_code == 403, (role, response.text)
            assert lowest in response.json()["detail"]
        else:
            assert response.status_code not in (401, 403), (role, response.text)
            assert response.status_code < 500 or response.status_code == 503, response.text


def test_health_needs_no_key_and_carries_versions(service: Service) -> None:
    response = service.client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    for header in ("x-chipcontrols-version", "x-rule-data-version", "x-list-snapshot-version"):
        assert response.headers[header]
    assert set(response.json()["versions"]) == {"chipcontrols", "rule_data", "list_snapshot"}


def test_every_json_body_carries_versions(service: Service) -> None:
    for path in ("/api/v1/version", "/api/v1/catalog", "/api/v1/keys", "/api/v1/audit/verify", "/nowhere"):
        response = service.get(path)
        assert response.json()["versions"]["chipcontrols"] == response.headers["x-chipcontrols-version"]


def test_revoked_key_is_refused(service: Service) -> None:
    created = service.post("/api/v1/keys", json={"role": "analyst", "label": "temp"}).json()
    assert service.client.get("/api/v1/catalog", headers={"Authorization": f"Bearer {created['key']}"}).status_code == 200
    assert service.client.delete(f"/api/v1/keys/{created['key_id']}", headers=service.headers("admin")).status_code == 200
    assert service.client.get("/api/v1/catalog", headers={"Authorization": f"Bearer {created['key']}"}).status_code == 401
    assert service.client.delete("/api/v1/keys/unknown", headers=service.headers("admin")).status_code == 422


def test_catalogue(service: Service) -> None:
    body = service.get("/api/v1/catalog", "viewer").json()
    assert body["count"] == len(body["chips"]) > 0
    assert service.get("/api/v1/catalog/nvidia/h20", "viewer").json()["chip"]["id"] == "nvidia/h20"
    missing = service.get("/api/v1/catalog/no-such-chip", "viewer")
    assert missing.status_code == 404 and "No chip" in missing.json()["detail"]


@needs_classify
def test_classify_catalogue_chip_and_spec_are_audited(service: Service) -> None:
    response = service.post("/api/v1/classify", "analyst", json={"chip": "H20", "as_of": "2024-06-01"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert {"eccn", "status", "metrics", "as_of"} <= set(body) and body["versions"]["chipcontrols"]
    spec = {"name": "Test chip", "market": "datacenter", "dense_peak": {"fp8": 2000}, "die_area_mm2": 800}
    assert service.post("/api/v1/classify", "analyst", json={"spec": spec}).status_code == 200
    records = service.context.audit.recent(5, action="classification")
    assert len(records) == 2 and records[1].to_dict()["inputs"]["chip"] == "H20"
    assert service.post("/api/v1/classify", "analyst", json={"chip": "nothing-like-this"}).status_code == 404
    assert service.post("/api/v1/classify", "analyst", json={"spec": {"name": "x", "market": "moon"}}).status_code == 422


def test_classify_request_validation(service: Service) -> None:
    assert service.post("/api/v1/classify", "analyst", json={}).status_code == 422
    assert service.post("/api/v1/classify", "analyst", json={"chip": "H20", "spec": {}}).status_code == 422
    response = service.post("/api/v1/classify", "analyst", json={"chip": "H20", "as_of": "2024-13-45"})
    assert response.status_code == 422 and "as_of" in response.json()["detail"]
    assert service.post("/api/v1/classify", "analyst", json={"chip": "H20", "extra": 1}).status_code == 422


@needs_licensing
def test_check_returns_the_determination_and_audits_it(service: Service) -> None:
    from chipcontrols.licensing import Shipment, determine

    shipment = {"as_of": "2025-04-20", "item": {"chip": "nvidia/h20"}, "quantity": 10, "destination": "CN",
                "end_user": {"name": "Example Cloud Co", "country": "CN"}, "end_use": "datacenter"}
    response = service.post("/api/v1/check", "analyst", json=shipment)
    assert response.status_code == 200, response.text
    expected = determine(Shipment.model_validate(shipment)).to_dict()
    body = response.json()
    assert body["license_required"] == expected["license_required"] and body["reasons"] == expected["reasons"]
    record = service.context.audit.recent(1, action="determination")[0]
    assert record.to_dict()["inputs"] == shipment and record.to_dict()["result"]["outcome"] == body["outcome"]
    assert body == {**expected, "versions": body["versions"]}
    assert service.post("/api/v1/check", "analyst", json={"item": 5}).status_code == 422
    assert service.post("/api/v1/check", "analyst", json={**shipment, "destination": "XX"}).status_code == 422


@needs_screening
def test_screen_and_match(service: Service) -> None:
    response = service.post("/api/v1/screen", "analyst", json={"name": "华为技术有限公司", "country": "CN"})
    assert response.status_code == 200, response.text
    assert any("huawei" in str(hit).lower() for hit in response.json()["hits"])
    assert service.context.audit.recent(1, action="screening")[0].to_dict()["inputs"]["name"] == "华为技术有限公司"
    query = {"queries": {"q1": {"schema": "Company", "properties": {"name": ["Huawei Technologies Co., Ltd."]}}}}
    matched = service.post("/match/default", "analyst", json=query)
    assert matched.status_code == 200, matched.text
    assert "q1" in matched.json()["responses"]
    assert service.post("/match/bad$name", "analyst", json=query).status_code in (404, 422)
    assert service.post("/api/v1/screen", "analyst", json={"name": ""}).status_code == 422


@needs_rules
def test_rules_instruments_and_timeline(service: Service) -> None:
    instruments = service.get("/api/v1/rules/instruments", "viewer").json()["instruments"]
    assert instruments and all("citation" in row for row in instruments)
    timeline = service.get("/api/v1/rules/timeline", "viewer").json()["timeline"]
    assert [row["date"] for row in timeline] == sorted(row["date"] for row in timeline)


@needs_classify
def test_impact_and_design(service: Service) -> None:
    series = service.get("/api/v1/impact", "analyst").json()["series"]
    assert series and all(row["chips"] >= row["controlled"] for row in series)
    envelope = service.post("/api/v1/design", "analyst", json={"die_area_mm2": 800, "as_of": "2025-01-01"}).json()
    assert envelope["max_tpp"] is None or envelope["max_tpp"] > 0
    assert service.post("/api/v1/design", "analyst", json={"die_area_mm2": -1}).status_code == 422


def test_decisions_and_overrides_need_justification(service: Service) -> None:
    target = service.context.audit.append(actor="x", role="analyst", action="determination", inputs={"item": "H20"},
                                          result={"license_required": True}, versions=service.context.versions())
    ok = service.post("/api/v1/decisions", "officer", json={"audit_seq": target.seq, "decision": "override",
                                                           "outcome": "licence granted", "justification": "Licence D123 issued."})
    assert ok.status_code == 201, ok.text
    record = service.context.audit.get(ok.json()["audit_seq"])
    assert record is not None and record.action == "override" and record.justification == "Licence D123 issued."
    assert record.to_dict()["inputs"]["decided_on_hash"] == target.hash
    short = service.post("/api/v1/decisions", "officer", json={"audit_seq": target.seq, "decision": "confirm", "justification": "ok"})
    assert short.status_code == 422
    no_outcome = service.post("/api/v1/decisions", "officer",
                              json={"audit_seq": target.seq, "decision": "override", "justification": "long enough text"})
    assert no_outcome.status_code == 422
    missing = service.post("/api/v1/decisions", "officer", json={"audit_seq": 999, "decision": "confirm", "justification": "long enough text"})
    assert missing.status_code == 404


def test_audit_endpoints(service: Service) -> None:
    service.context.audit.append(actor="x", role="analyst", action="screening", inputs={"name": "n"}, result={},
                                 versions=service.context.versions())
    assert service.get("/api/v1/audit", "officer").json()["records"][0]["action"] == "screening"
    assert service.get("/api/v1/audit/verify", "officer").json()["report"]["ok"] is True
    csv_export = service.get("/api/v1/audit/export?format=csv", "officer")
    assert csv_export.headers["content-type"].startswith("text/csv") and "seq,recorded_at" in csv_export.text
    jsonl = service.get("/api/v1/audit/export?format=jsonl", "officer")
    assert jsonl.text.count("\n") == 1
    assert service.get("/api/v1/audit/export?format=xml", "officer").status_code == 422


@needs_licensing
def test_batch_job_upload_progress_and_download(service: Service) -> None:
    book = ("order_id,item,quantity,unit_value_usd,destination,end_user,end_user_country,end_user_headquarters,"
            "end_use,ship_date\n"
            "A1,H20,10,12000,DE,Example Co,DE,,datacenter,2024-06-01\n"
            "A2,H100,5,30000,FR,Other Co,FR,,datacenter,2025-04-20\n")
    created = service.post("/api/v1/jobs", "analyst", files={"file": ("book.csv", book.encode(), "text/csv")})
    assert created.status_code == 202, created.text
    status_url = created.json()["status_url"]
    for _ in range(200):
        job = service.get(status_url, "analyst").json()["job"]
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "done", job
    assert job["progress"] == 1.0 and job["rows_total"] == 2
    result = service.get(created.json()["result_url"], "analyst")
    assert result.status_code == 200 and result.text.count("\n") >= 3
    assert service.get(status_url, "viewer").status_code == 403
    assert service.context.audit.recent(1, action="batch")[0].to_dict()["inputs"]["file"] == "input.csv"


def test_batch_job_errors(service: Service) -> None:
    wrong = service.post("/api/v1/jobs", "analyst", files={"file": ("book.txt", b"chip\nH20\n", "text/plain")})
    assert wrong.status_code == 415
    empty = service.post("/api/v1/jobs", "analyst", files={"file": ("book.csv", b"", "text/csv")})
    assert empty.status_code == 422
    not_parquet = service.post("/api/v1/jobs", "analyst", files={"file": ("book.parquet", b"chip\n", "application/octet-stream")})
    assert not_parquet.status_code == 422
    assert service.get("/api/v1/jobs/doesnotexist", "analyst").status_code == 404
    oversized = service.post("/api/v1/jobs", "analyst", files={"file": ("big.csv", io.BytesIO(b"x" * (2 * 1024 * 1024)), "text/csv")})
    assert oversized.status_code == 413 and "limit" in oversized.json()["detail"]


def test_audited_answers_through_the_api_on_both_databases(any_db_service: Service) -> None:
    """The API's audit path (decisions, list of records, verify, export) on SQLite and PostgreSQL."""
    service = any_db_service
    target = service.context.audit.append(actor="x", role="analyst", action="screening", inputs={"name": "n"},
                                          result={"hits": []}, versions=service.context.versions())
    for index in range(3):
        response = service.post("/api/v1/decisions", "officer", json={
            "audit_seq": target.seq, "decision": "escalate", "justification": f"needs a second look {index}"})
        assert response.status_code == 201, response.text
    records = service.get("/api/v1/audit", "officer").json()["records"]
    assert [r["seq"] for r in records] == [4, 3, 2, 1]
    assert service.get("/api/v1/audit/verify", "officer").json()["report"]["records"] == 4
    assert service.get("/api/v1/audit/export?format=jsonl", "officer").text.count("\n") == 4


@needs_screening
def test_list_status_upload_and_update_are_audited(service: Service) -> None:
    before = service.get("/api/v1/lists", "viewer").json()
    assert before["lists"]["version"] == before["versions"]["list_snapshot"]
    fixture = ROOT / "tests" / "screening" / "fixtures" / "csl_current_fixture.csv"
    uploaded = service.post("/api/v1/lists/upload", "admin", data={"allow_shrink": "true"},
                            files={"file": ("csl.csv", fixture.read_bytes(), "text/csv")})
    assert uploaded.status_code == 200, uploaded.text
    new_version = uploaded.json()["versions"]["list_snapshot"]
    assert new_version != before["versions"]["list_snapshot"]
    assert service.get("/api/v1/lists", "viewer").headers["x-list-snapshot-version"] == new_version
    record = service.context.audit.get(uploaded.json()["audit_seq"])
    assert record is not None and record.action == "list_update" and record.list_version == new_version
    refused = service.post("/api/v1/lists/update", "admin", json={"url": "http://127.0.0.1:9/no-list.csv"})
    assert refused.status_code == 422 and "unchanged" in refused.json()["detail"]
    assert service.post("/api/v1/lists/upload", "analyst", files={"file": ("x.csv", b"a", "text/csv")}).status_code == 403
    assert service.post("/api/v1/lists/upload", "admin", files={"file": ("x.csv", b"", "text/csv")}).status_code == 422

"""The audit log's hash chain on SQLite and PostgreSQL: appends, tamper detection, concurrency, export."""

from __future__ import annotations

import io
import json
import threading

import pytest
from sqlalchemy import text

from chipcontrols.store import open_store
from chipcontrols.store.audit import GENESIS_HASH, AuditLog
from chipcontrols.store.jobs import JobTable
from chipcontrols.store.keys import KeyRing, role_allows

VERSIONS = {"chipcontrols": "0.1.0", "rule_data": "test-rules", "list_snapshot": "test-lists"}


@pytest.fixture
def log(database_url: str):  # type: ignore[no-untyped-def]
    store = open_store(url=database_url)
    audit = AuditLog(store)
    yield audit
    audit.close()
    store.dispose()


def _fill(log: AuditLog, count: int) -> None:
    for index in range(count):
        log.append(actor="k1", role="analyst", action="screening", inputs={"name": f"party {index}"},
                   result={"hits": []}, versions=VERSIONS)


def _sql(log: AuditLog, statement: str) -> None:
    with log.store.engine.begin() as connection:
        connection.execute(text(statement))


def test_appended_records_chain_and_verify(log: AuditLog) -> None:
    first = log.append(actor="k1", role="analyst", action="determination", inputs={"item": "H20"},
                       result={"license_required": True}, versions=VERSIONS)
    second = log.append(actor="k2", role="officer", action="override", inputs={"audit_seq": 1},
                        result={"decision": "override"}, versions=VERSIONS, justification="Customer vetted in person.")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH and second.prev_hash == first.hash
    report = log.verify()
    assert report.ok and report.records == 2 and report.last_hash == second.hash
    stored = log.get(2)
    assert stored is not None and stored.to_dict()["inputs"] == {"audit_seq": 1}
    assert stored.justification == "Customer vetted in person." and stored.rule_data_version == "test-rules"


def test_edited_record_is_named(log: AuditLog) -> None:
    _fill(log, 5)
    _sql(log, "UPDATE audit_records SET result = '{\"hits\":[\"forged\"]}' WHERE seq = 3")
    report = log.verify()
    assert not report.ok
    assert (report.problems[0].seq, report.problems[0].kind) == (3, "edited")


def test_deleted_record_is_named(log: AuditLog) -> None:
    _fill(log, 5)
    _sql(log, "DELETE FROM audit_records WHERE seq = 3")
    report = log.verify()
    assert (report.problems[0].seq, report.problems[0].kind) == (4, "deleted")
    assert "record 3 deleted" in report.problems[0].message


def test_deleted_newest_records_are_named(log: AuditLog) -> None:
    _fill(log, 5)
    _sql(log, "DELETE FROM audit_records WHERE seq >= 4")
    report = log.verify()
    assert report.problems[0].kind == "deleted" and "records 4 to 5" in report.problems[0].message


def test_reordered_records_are_named(log: AuditLog) -> None:
    _fill(log, 5)
    _sql(log, "UPDATE audit_records SET seq = 1000 WHERE seq = 2")
    _sql(log, "UPDATE audit_records SET seq = 2 WHERE seq = 3")
    _sql(log, "UPDATE audit_records SET seq = 3 WHERE seq = 1000")
    report = log.verify()
    assert (report.problems[0].seq, report.problems[0].kind) == (2, "reordered")


def test_concurrent_writers_never_fork_the_chain(log: AuditLog, database_url: str) -> None:
    """Threads of one store and a second store (as a second process would) append at the same time."""
    other_store = open_store(url=database_url)
    other = AuditLog(other_store)
    errors: list[BaseException] = []

    def write(target: AuditLog, who: str) -> None:
        try:
            for index in range(15):
                target.append(actor=who, role="analyst", action="screening", inputs={"i": index},
                              result={}, versions=VERSIONS)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=write, args=(target, f"w{n}")) for n, target in enumerate([log, log, other, other])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    other_store.dispose()
    assert not errors
    report = log.verify()
    assert report.ok, report.problems
    assert report.records == 60 and report.last_seq == 60


def test_export_csv_and_jsonl(log: AuditLog) -> None:
    _fill(log, 3)
    log.append(actor="k1", role="analyst", action="screening", inputs={"name": "<script>alert(1)</script>'; DROP TABLE x;--"},
               result={}, versions=VERSIONS)
    lines = io.StringIO()
    assert log.export(lines, "jsonl") == 4
    records = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert [r["seq"] for r in records] == [1, 2, 3, 4]
    assert records[3]["inputs"]["name"].startswith("<script>")
    table = io.StringIO()
    assert log.export(table, "csv") == 4
    assert table.getvalue().splitlines()[0].startswith("seq,recorded_at,actor,role,action,inputs_hash")


def test_keys_are_hashed_and_revocable(database_url: str) -> None:
    store = open_store(url=database_url)
    keys = KeyRing(store)
    key, info = keys.create("officer", label="test")
    assert keys.authenticate(key) == info
    assert keys.authenticate(key + "x") is None and keys.authenticate("not a key") is None
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT key_hash FROM api_keys")).scalar_one()
    assert key not in stored and len(stored) == 64
    keys.revoke(info.key_id)
    assert keys.authenticate(key) is None
    assert role_allows("officer", "analyst") and not role_allows("analyst", "officer")
    store.dispose()


def test_migrations_are_idempotent_and_jobs_persist(database_url: str) -> None:
    open_store(url=database_url).dispose()
    store = open_store(url=database_url)
    jobs = JobTable(store)
    job = jobs.create("k1", "book.csv", "csv")
    jobs.update(job.job_id, status="done", progress=1.0, summary={"rows": 2})
    stored = jobs.get(job.job_id)
    assert stored is not None and stored.status == "done" and stored.summary == {"rows": 2} and stored.finished_at
    store.dispose()

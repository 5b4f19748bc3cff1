"""The tamper-evident audit log: append-only records, hash-chained, verified and exported for auditors.

Each record stores ``prev_hash`` (the previous record's hash, 64 zeros for the first) and
``hash = sha256(canonical JSON of every field but seq and hash)``; since ``prev_hash`` is one of those
fields, each hash covers the whole history before it. A one-row ``audit_head`` table names the newest
record, so deleting records at the end shows too. ``verify`` walks the chain in sequence order and says,
for the first broken record, whether it was edited, deleted or reordered.

Appends run in ``Store.serialised()`` (one writer at a time across threads and processes) and are
committed before the caller acknowledges the request, so the chain never forks and nothing
acknowledged is lost.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from typing import IO, Any, Literal

from sqlalchemy import func, insert, select, update

from chipcontrols.store.database import Store, utc_now
from chipcontrols.store.models import AuditHead, AuditRecord

__all__ = [
    "ACTIONS",
    "GENESIS_HASH",
    "AuditEntry",
    "AuditLog",
    "ChainProblem",
    "ChainReport",
    "canonical_json",
    "record_hash",
]

GENESIS_HASH = "0" * 64
ACTIONS = ("determination", "classification", "screening", "override", "decision", "list_update", "batch")
_HASHED_FIELDS = (
    "recorded_at", "actor", "role", "action", "inputs_hash", "inputs", "result", "justification",
    "chipcontrols_version", "rule_data_version", "list_version", "prev_hash",
)
_EXPORT_FIELDS = ("seq", *_HASHED_FIELDS[:-1], "prev_hash", "hash")


def canonical_json(data: Any) -> str:
    """The one JSON spelling hashed: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_hash(fields: dict[str, Any]) -> str:
    """The hash of one record from its fields (``prev_hash`` included, ``seq`` and ``hash`` excluded)."""
    return _sha256(canonical_json({name: fields.get(name) for name in _HASHED_FIELDS}))


@dataclass(frozen=True)
class AuditEntry:
    """One audit record as read back."""

    seq: int
    recorded_at: str
    actor: str
    role: str
    action: str
    inputs_hash: str
    inputs: str
    result: str
    justification: str | None
    chipcontrols_version: str
    rule_data_version: str
    list_version: str
    prev_hash: str
    hash: str

    @classmethod
    def from_row(cls, row: AuditRecord) -> AuditEntry:
        return cls(**{name: getattr(row, name) for name in _EXPORT_FIELDS})

    def fields(self) -> dict[str, Any]:
        return asdict(self)

    def to_dict(self) -> dict[str, Any]:
        """The record with inputs and result decoded from their stored JSON."""
        data = self.fields()
        data["inputs"] = json.loads(self.inputs)
        data["result"] = json.loads(self.result)
        return data


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: Literal["edited", "deleted", "reordered"]
    message: str


@dataclass
class ChainReport:
    """The outcome of ``verify``: ``ok`` and, when not, the problems found, first one first."""

    records: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "last_seq": self.last_seq,
            "last_hash": self.last_hash,
            "problems": [asdict(problem) for problem in self.problems],
        }


class _GroupWriter:
    """Writes audit records in one thread, committing whatever is queued together (group commit).

    Callers block until the transaction holding their record is committed (fsynced), so an
    acknowledged record is durable; batching many records per fsync keeps throughput high.
    """

    def __init__(self, store: Store, max_batch: int = 256) -> None:
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.Queue[tuple[dict[str, Any], Future[AuditEntry]] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, fields: dict[str, Any]) -> Future[AuditEntry]:
        """Queue one record; the future completes once it is committed (or fails with the error)."""
        future: Future[AuditEntry] = Future()
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
                self._thread.start()
        self._queue.put((fields, future))
        return future

    def close(self) -> None:
        with self._start_lock:
            if self._thread is not None and self._thread.is_alive():
                self._queue.put(None)
                self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            while len(batch) < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._write(batch)
                    return
                batch.append(more)
            self._write(batch)

    def _write(self, batch: list[tuple[dict[str, Any], Future[AuditEntry]]]) -> None:
        table = AuditRecord.__table__
        try:
            entries: list[AuditEntry] = []
            with self.store.serialised() as session:
                last = session.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
                seq, prev_hash = (last.seq, last.hash) if last else (0, GENESIS_HASH)
                rows = []
                for fields, _future in batch:
                    seq += 1
                    row = dict(fields, prev_hash=prev_hash)
                    row["hash"] = prev_hash = record_hash(row)
                    row["seq"] = seq
                    rows.append(row)
                    entries.append(AuditEntry(**row))
                session.execute(insert(table), rows)
                head = AuditHead.__table__
                updated = session.execute(
                    update(head).where(head.c.id == 1).values(last_seq=seq, last_hash=prev_hash)
                ).rowcount
                if not updated:
                    session.execute(insert(head).values(id=1, last_seq=seq, last_hash=prev_hash))
        except BaseException as error:  # noqa: BLE001 - handed to every waiting caller
            for _fields, future in batch:
                future.set_exception(error)
            return
        for (_fields, future), entry in zip(batch, entries, strict=True):
            future.set_result(entry)


class AuditLog:
    """Append, read, verify and export the audit log of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._writer = _GroupWriter(store)

    def close(self) -> None:
        self._writer.close()

    def append(
        self,
        *,
        actor: str,
        role: str,
        action: str,
        inputs: Any,
        result: Any,
        versions: dict[str, str],
        justification: str | None = None,
        result_json: str | None = None,
    ) -> AuditEntry:
        """Append one record and commit it durably; returns the stored record."""
        return self.submit(actor=actor, role=role, action=action, inputs=inputs, result=result,
                           versions=versions, justification=justification, result_json=result_json).result()

    async def append_async(self, **record: Any) -> AuditEntry:
        """``append`` for coroutines: waits for the commit without holding a worker thread."""
        return await asyncio.wrap_future(self.submit(**record))

    def submit(
        self,
        *,
        actor: str,
        role: str,
        action: str,
        inputs: Any,
        result: Any,
        versions: dict[str, str],
        justification: str | None = None,
        result_json: str | None = None,
    ) -> Future[AuditEntry]:
        """Queue one record for the writer; the future completes when it is durably committed.

        ``result_json`` may carry ``canonical_json(result)`` already computed (e.g. the response body).
        """
        inputs_json = canonical_json(inputs)
        fields: dict[str, Any] = {
            "recorded_at": utc_now(),
            "actor": actor,
            "role": role,
            "action": action,
            "inputs_hash": _sha256(inputs_json),
            "inputs": inputs_json,
            "result": result_json if result_json is not None else canonical_json(result),
            "justification": justification,
            "chipcontrols_version": versions.get("chipcontrols", ""),
            "rule_data_version": versions.get("rule_data", ""),
            "list_version": versions.get("list_snapshot", ""),
        }
        return self._writer.submit(fields)

    def iter_records(self, *, action: str | None = None, batch: int = 500) -> Iterator[AuditEntry]:
        """All records in sequence order, read in batches."""
        after = 0
        while True:
            with self.store.session() as session:
                query = select(AuditRecord).where(AuditRecord.seq > after)
                if action:
                    query = query.where(AuditRecord.action == action)
                rows = session.scalars(query.order_by(AuditRecord.seq).limit(batch)).all()
                entries = [AuditEntry.from_row(row) for row in rows]
            yield from entries
            if len(entries) < batch:
                return
            after = entries[-1].seq

    def recent(self, limit: int = 50, *, action: str | None = None) -> list[AuditEntry]:
        with self.store.session() as session:
            query = select(AuditRecord)
            if action:
                query = query.where(AuditRecord.action == action)
            rows = session.scalars(query.order_by(AuditRecord.seq.desc()).limit(limit)).all()
            return [AuditEntry.from_row(row) for row in rows]

    def get(self, seq: int) -> AuditEntry | None:
        with self.store.session() as session:
            row = session.get(AuditRecord, seq)
            return AuditEntry.from_row(row) if row else None

    def count(self) -> int:
        with self.store.session() as session:
            return int(session.scalar(select(func.count()).select_from(AuditRecord)) or 0)

    def verify(self, *, max_problems: int = 100) -> ChainReport:
        """Walk the chain; report every record that was edited, deleted or reordered (first one first)."""
        report = ChainReport()
        with self.store.session() as session:
            seq_of_hash = {row.hash: row.seq for row in session.execute(select(AuditRecord.seq, AuditRecord.hash))}
            head = session.get(AuditHead, 1)
            head_seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)

        def problem(seq: int, kind: Literal["edited", "deleted", "reordered"], message: str) -> None:
            if len(report.problems) < max_problems:
                report.problems.append(ChainProblem(seq, kind, message))

        previous: AuditEntry | None = None
        for entry in self.iter_records():
            report.records += 1
            intact = record_hash(entry.fields()) == entry.hash
            if not intact:
                problem(entry.seq, "edited", f"record {entry.seq} was edited: its content no longer matches its hash.")
            expected = previous.hash if previous else GENESIS_HASH
            if intact and entry.prev_hash != expected:
                linked_to = seq_of_hash.get(entry.prev_hash)
                if linked_to is not None:
                    after = f"record {previous.seq}" if previous else "the start of the log"
                    problem(entry.seq, "reordered",
                            f"record {entry.seq} was reordered: it was written right after the record now numbered {linked_to} "
                            f"but now follows {after}.")
                elif previous is None:
                    problem(entry.seq, "deleted",
                            f"records before {entry.seq} were deleted: the first record left does not start the chain.")
                elif entry.seq > previous.seq + 1:
                    gap = (f"record {previous.seq + 1}" if entry.seq == previous.seq + 2
                           else f"records {previous.seq + 1} to {entry.seq - 1}")
                    problem(entry.seq, "deleted", f"{gap} deleted: record {entry.seq} does not follow record {previous.seq}.")
                else:
                    problem(entry.seq, "deleted",
                            f"a record between {previous.seq} and {entry.seq} was deleted and the rest renumbered.")
            elif intact and previous is not None and entry.seq != previous.seq + 1:
                problem(entry.seq, "edited", f"record {entry.seq} had its sequence number changed "
                                             f"(it directly follows record {previous.seq}).")
            previous = entry
        report.last_seq = previous.seq if previous else 0
        report.last_hash = previous.hash if previous else GENESIS_HASH
        if (head_seq, head_hash) != (report.last_seq, report.last_hash):
            if head_seq > report.last_seq:
                missing = (f"record {head_seq}" if head_seq == report.last_seq + 1
                           else f"records {report.last_seq + 1} to {head_seq}")
                problem(report.last_seq + 1, "deleted", f"{missing} deleted: the log ends at {report.last_seq} "
                                                        f"but its head names record {head_seq}.")
            else:
                problem(report.last_seq, "edited",
                        f"the log's head names record {head_seq} but the log ends at record {report.last_seq}: "
                        "records were written outside chipcontrols or the head was edited.")
        return report

    def export(self, out: IO[str], fmt: Literal["csv", "jsonl"] = "jsonl") -> int:
        """Write every record to ``out`` as CSV or JSON Lines; returns the number written."""
        count = 0
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=list(_EXPORT_FIELDS))
            writer.writeheader()
            for entry in self.iter_records():
                writer.writerow(entry.fields())
                count += 1
        else:
            for entry in self.iter_records():
                out.write(canonical_json(entry.to_dict()) + "\n")
                count += 1
        return count

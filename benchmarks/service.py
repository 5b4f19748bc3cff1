"""Bounded load generator for the service, on loopback only.

    python benchmarks/service.py [all]                                 # both of the below (make bench)
    python benchmarks/service.py latency [--rate 200] [--seconds 15]   # check-shipment and screening p50/p99
    python benchmarks/service.py crash [--rate 100] [--seconds 4]      # kill -9 under load, then verify audit

Each run starts its own server (uvicorn, one process, fresh data directory under benchmarks/out/), sends
a fixed number of requests at a fixed rate (open loop: a request is sent at its scheduled time whether or
not earlier ones have finished; latency is measured from the scheduled time, so queueing counts), stops
by itself, and appends its figures to benchmarks/RESULTS.md under "## Service". The baseline, run in the
same way just before, is the cheapest request through the same stack (an unknown path: 404), so that a
noisy shared machine shows in the baseline too.

The crash run counts every request the server acknowledged (HTTP 2xx), kills the server with SIGKILL in
the middle of the load, reopens the store, verifies the hash chain and checks that every acknowledged
request has its audit record.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import cpu_model  # noqa: E402
OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
MAX_REQUESTS = 20_000
MAX_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A uvicorn process serving the app on a fresh data directory."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    workers: int = 1
    warm_up: bool = True
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "CHIPCONTROLS_DATA_DIR": str(self.data_dir),
               "CHIPCONTROLS_WARM_UP": "1" if self.warm_up else "0"}
        env.pop("CHIPCONTROLS_DATABASE_URL", None)
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "chipcontrols"), "serve", "--port", str(self.port),
             "--data-dir", str(self.data_dir), "--no-access-log", "--workers", str(self.workers)],
            env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    reply = b""
                    while chunk := sock.recv(4096):
                        reply += chunk
                    if b" 200 " in reply[:20] and b'"engine":"ready"' in reply:
                        if self.workers > 1:
                            # /healthz answered by one worker; give the others time to warm up too.
                            time.sleep(30)
                        return
            except OSError:
                time.sleep(0.1)
            time.sleep(0.2)
        raise RuntimeError("the server did not start (and warm up) within 240 s")

    def kill(self) -> None:
        """SIGKILL the server and its worker processes (the whole process group)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def make_key(data_dir: Path, role: str) -> str:
    from chipcontrols.store import open_store
    from chipcontrols.store.keys import KeyRing

    store = open_store(data_dir)
    try:
        return KeyRing(store).create(role, label="benchmark")[0]
    finally:
        store.dispose()


class Connection:
    """One keep-alive HTTP/1.1 connection (minimal client: small JSON requests, Content-Length replies)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, path: str, body: bytes, key: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        self.writer.write(head + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0
    acknowledged: list[int] = field(default_factory=list)
    elapsed_s: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def load(port: int, key: str, path: str, bodies: list[bytes], rate: float, on_start=None) -> Run:  # type: ignore[no-untyped-def]
    """Send ``bodies`` at ``rate`` per second (open loop) over a pool of keep-alive connections."""
    run = Run()
    idle: list[Connection] = []
    start = time.perf_counter() + 0.2

    async def one(index: int, body: bytes) -> None:
        scheduled = start + index / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        reused = bool(idle)
        connection = idle.pop() if idle else Connection(port)
        try:
            try:
                status, _ = await connection.request(path, body, key)
            except (OSError, ConnectionError, asyncio.IncompleteReadError) if reused else ():
                # A kept-alive connection the server had closed: retry once on a new one, as HTTP clients do.
                connection.close()
                connection = Connection(port)
                status, _ = await connection.request(path, body, key)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            run.failures += 1
            connection.close()
            return
        run.latencies_ms.append((time.perf_counter() - scheduled) * 1000)
        run.statuses[status] = run.statuses.get(status, 0) + 1
        if 200 <= status < 300:
            run.acknowledged.append(index)
        idle.append(connection)

    tasks = [asyncio.ensure_future(one(i, body)) for i, body in enumerate(bodies)]
    if on_start is not None:
        asyncio.get_running_loop().call_later(0.2 + on_start[0], on_start[1])
    await asyncio.gather(*tasks)
    run.elapsed_s = time.perf_counter() - start
    for connection in idle:
        connection.close()
    return run


def machine() -> str:
    cpu = cpu_model()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()} "
            f"{platform.release()}; load average before the run {load} (the machine is shared)")


def append_results(lines: list[str]) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if "\n## Service\n" not in text:
        text = text.rstrip("\n") + "\n\n## Service\n"
    head, _, tail = text.partition("\n## Service\n")
    next_section = tail.find("\n## ")
    section, rest = (tail, "") if next_section < 0 else (tail[:next_section], tail[next_section:])
    section = section.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    RESULTS.write_text(head + "\n## Service\n" + section + rest)


SHIPMENT = {"as_of": "2025-04-20", "item": {"chip": "nvidia/h20"}, "quantity": 8, "destination": "DE",
            "end_user": {"name": "Example Trading Co", "country": "DE"}, "end_use": "datacenter"}


def distinct_names() -> list[str]:
    """Real, distinct party names (OpenSanctions' labelled pairs), so that repeated questions do not dominate:
    the engine memoises screening per name, and a benchmark of three names would measure only the memo."""
    import csv

    names: list[str] = []
    with (ROOT / "benchmarks" / "data" / "name_pairs_nomenklatura.csv").open(encoding="utf-8") as pairs:
        for row in csv.DictReader(pairs):
            for name in (row["name1"], row["name2"]):
                if name and name not in names:
                    names.append(name)
    return names


def latency(rate: float, seconds: float, workers: int = 1) -> list[str]:
    count = min(int(rate * seconds), MAX_REQUESTS)
    data_dir = OUT / f"latency-{int(time.time() * 1000)}"
    data_dir.mkdir(parents=True)
    key = make_key(data_dir, "analyst")
    server = Server(data_dir, workers=workers)
    server.start()
    synchronous = os.environ.get("CHIPCONTROLS_SQLITE_SYNCHRONOUS", "FULL").upper()
    lines = [f"### {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — latency at {rate:g} requests/s, "
             f"{count} requests each, SQLite (WAL, synchronous={synchronous}), "
             f"{workers} uvicorn process{'es' if workers > 1 else ''}", "",
             f"Machine: {machine()}", "",
             "| endpoint | requests | ok | p50 ms | p90 ms | p99 ms | max ms | achieved req/s |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    names = distinct_names()
    scenarios = [
        ("baseline: POST to an unknown path (404)", "/no-such-path", [b"{}"] * count),
        ("POST /api/v1/check (H20, catalogue item, distinct end users)", "/api/v1/check",
         [json.dumps({**SHIPMENT, "quantity": i + 1,
                      "end_user": {"name": names[i % len(names)], "country": "DE"}}).encode() for i in range(count)]),
        ("POST /api/v1/screen (distinct names)", "/api/v1/screen",
         [json.dumps({"name": names[(i * 7 + 3) % len(names)]}).encode() for i in range(count)]),
    ]
    try:
        for label, path, bodies in scenarios:
            asyncio.run(load(server.port, key, path, bodies[: max(50, int(rate))], rate))  # warm-up
            run = asyncio.run(load(server.port, key, path, bodies, rate))
            ok = sum(n for status, n in run.statuses.items() if 200 <= status < 300 or path == "/no-such-path")
            lines.append(f"| {label} | {count} | {ok} | {run.percentile(0.5):.1f} | {run.percentile(0.9):.1f} | "
                         f"{run.percentile(0.99):.1f} | {max(run.latencies_ms, default=float('nan')):.1f} | "
                         f"{len(run.latencies_ms) / run.elapsed_s:.0f} |")
            if ok != count:
                lines.append(f"|   statuses {run.statuses}, connection failures {run.failures} | | | | | | | |")
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    return lines


def crash(rate: float, seconds: float, kill_after: float | None = None, path: str = "/api/v1/check") -> tuple[bool, list[str]]:
    """Kill -9 the server under load; returns (every acknowledged request audited and chain intact, lines)."""
    from chipcontrols.store import open_store
    from chipcontrols.store.audit import AuditLog

    count = min(int(rate * seconds), MAX_REQUESTS)
    kill_after = seconds / 2 if kill_after is None else kill_after
    data_dir = OUT / f"crash-{int(time.time() * 1000)}"
    data_dir.mkdir(parents=True)
    role = "officer" if path == "/api/v1/decisions" else "analyst"
    key = make_key(data_dir, role)
    if path == "/api/v1/decisions":
        store = open_store(data_dir)
        log = AuditLog(store)
        log.append(actor="setup", role="analyst", action="determination", inputs={}, result={}, versions={})
        log.close()
        store.dispose()
        bodies = [json.dumps({"audit_seq": 1, "decision": "confirm", "justification": f"crash test request {i}"}).encode()
                  for i in range(count)]
        marker = lambda record: record["justification"]  # noqa: E731
        expected = lambda i: f"crash test request {i}"  # noqa: E731
    else:
        bodies = [json.dumps({**SHIPMENT, "quantity": i + 1}).encode() for i in range(count)]
        marker = lambda record: record["inputs"].get("quantity")  # noqa: E731
        expected = lambda i: i + 1  # noqa: E731
    server = Server(data_dir, warm_up=path != "/api/v1/decisions")
    server.start()
    try:
        run = asyncio.run(load(server.port, key, path, bodies, rate, on_start=(kill_after, server.kill)))
    finally:
        server.kill()
    store = open_store(data_dir)
    log = AuditLog(store)
    report = log.verify()
    recorded = {marker(entry.to_dict()) for entry in log.iter_records()}
    store.dispose()
    missing = [i for i in run.acknowledged if expected(i) not in recorded]
    ok = report.ok and not missing and bool(run.acknowledged)
    lines = [f"### {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — kill -9 during load ({path}, {rate:g} requests/s, "
             f"killed after {kill_after:g} s)", "",
             f"Machine: {machine()}", "",
             f"- requests sent: {len(run.latencies_ms) + run.failures}; acknowledged (2xx): {len(run.acknowledged)}; "
             f"failed when the server died: {run.failures}",
             f"- audit records after restart: {report.records}; chain verifies: {'yes' if report.ok else 'NO'}; "
             f"acknowledged requests without a record: {len(missing)}",
             f"- result: {'PASS' if ok else 'FAIL'}"]
    shutil.rmtree(data_dir, ignore_errors=True)
    return ok, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", default="all", choices=("all", "latency", "crash"))
    parser.add_argument("--rate", type=float, default=None, help="requests per second")
    parser.add_argument("--seconds", type=float, default=None, help="duration of each scenario (bounded)")
    parser.add_argument("--workers", type=int, default=1, help="server processes for the latency run")
    parser.add_argument("--no-record", action="store_true", help="do not append to benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    seconds = min(args.seconds or (15.0 if args.mode == "latency" else 4.0), MAX_SECONDS)
    ok, lines = True, []
    if args.mode in ("all", "latency"):
        lines += latency(args.rate or 200.0, seconds if args.mode == "latency" else 15.0, max(1, args.workers))
    if args.mode in ("all", "crash"):
        crashed_ok, crash_lines = crash(args.rate or 100.0, seconds if args.mode == "crash" else 4.0)
        ok = ok and crashed_ok
        lines += ([""] if lines else []) + crash_lines
    print("\n".join(lines))
    if not args.no_record:
        append_results(lines)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

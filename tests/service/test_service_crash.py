"""No acknowledged audit record is lost when the server is killed with SIGKILL under load.

Runs the crash scenario of ``benchmarks/service.py`` (a real uvicorn process on loopback) at a small
scale: audited officer decisions at 100 requests/s, kill -9 after 1.5 s, then verify the chain and look
up every acknowledged request's record.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kill_minus_nine_loses_no_acknowledged_record() -> None:
    spec = importlib.util.spec_from_file_location("service_benchmark", ROOT / "benchmarks" / "service.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["service_benchmark"] = module
    spec.loader.exec_module(module)
    ok, lines = module.crash(100, 3, kill_after=1.5, path="/api/v1/decisions")
    assert ok, "\n".join(lines)

"""Run every benchmark in this folder (one command: `make bench` or `.venv/bin/python benchmarks/run.py`).

Each benchmark script measures its subject and a baseline in the same run and prints ratios, because the
machines are shared and noisy; absolute figures are recorded with date and machine in RESULTS.md.
Pass names to run a subset: `python benchmarks/run.py classification screening`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("classification", "screening", "batch", "service")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    failures = 0
    for name in names:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"-- {name}: no benchmark script yet ({script.name}), skipped")
            continue
        print(f"== {name} ==", flush=True)
        result = subprocess.run([sys.executable, str(script)], check=False)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

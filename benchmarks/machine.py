"""Describe the machine a benchmark ran on (for RESULTS.md)."""

from __future__ import annotations

import datetime as dt
import os
import platform


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (else what platform knows)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def describe() -> str:
    return (f"{dt.date.today().isoformat()}, {platform.system()} {platform.release()}, {cpu_model()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}")

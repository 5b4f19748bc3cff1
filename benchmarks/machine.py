"""Describe the machine a benchmark ran on (for RESULTS.md)."""

from __future__ import annotations

import datetime as dt
import os
import platform


def describe() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{dt.date.today().isoformat()}, {platform.system()} {platform.release()}, {cpu}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}")

"""Classification throughput: the data-driven engine against a hand-written transcription of the 2023 text.

Both classify the same random specs in the same run; the ratio (engine time / baseline time) is the price of
interpreting cited rule data instead of hard-coding thresholds. Also reports classifications per second.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe  # noqa: E402

from chipcontrols.classification import classify  # noqa: E402
from chipcontrols.metrics import total_processing_performance  # noqa: E402
from chipcontrols.catalog import spec_from_mapping  # noqa: E402
from chipcontrols.rules import load_rules  # noqa: E402


def baseline(spec, bits) -> str | None:  # type: ignore[no-untyped-def]
    tpp = total_processing_performance(spec, bits).value
    pd = tpp / spec.die_area_mm2
    if spec.market != "datacenter" and tpp < 4800:
        return None
    if tpp >= 4800 or (tpp >= 1600 and pd >= 5.92):
        return "3A090.a"
    if (2400 <= tpp < 4800 and 1.6 <= pd < 5.92) or (tpp >= 1600 and 3.2 <= pd < 5.92):
        return "3A090.b"
    return None


def main() -> None:
    rng = random.Random(7)
    rules = load_rules()
    specs = [
        spec_from_mapping({
            "name": f"chip-{i}",
            "market": rng.choice(["datacenter", "consumer", "workstation"]),
            "dense_peak": {rng.choice(["fp16", "fp8", "int8"]): rng.uniform(50, 2500)},
            "die_area_mm2": rng.uniform(100, 1600),
        })
        for i in range(3000)
    ]
    start = time.perf_counter()
    expected = [baseline(spec, rules.bit_lengths) for spec in specs]
    base_seconds = time.perf_counter() - start
    start = time.perf_counter()
    got = [classify(spec, "2024-06-01", rules=rules).eccn for spec in specs]
    engine_seconds = time.perf_counter() - start
    assert got == expected, "engine and baseline disagree"
    print(f"machine: {describe()}")
    print(f"specs: {len(specs)}")
    print(f"baseline (hard-coded 2023 text): {len(specs) / base_seconds:,.0f} classifications/s")
    print(f"engine (rule pack, full explanation): {len(specs) / engine_seconds:,.0f} classifications/s")
    print(f"ratio engine/baseline time: {engine_seconds / base_seconds:.1f}x")


if __name__ == "__main__":
    main()

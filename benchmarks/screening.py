"""Screening benchmark: quality on three labelled sets and speed on the full bundled list, vs nomenklatura logic-v2.

    .venv/bin/python benchmarks/screening.py [--skip-nomenklatura] [--queries N] [--json out.json]

Measures in one run:

- precision / recall / F1 at the default threshold, and the best F1 (with its threshold), on
  ``benchmarks/data/name_pairs_nomenklatura.csv`` (826 pairs) and on the Chinese-entity set
  ``benchmarks/data/chinese_entity_pairs.csv`` (built by ``build_chinese_eval.py``; also: recall through the full
  screening path, i.e. the expected Entity List row is among the hits, and false positives on its negatives);
- recall on ``benchmarks/data/cross_script_pairs.csv`` (pairs scored at the default threshold);
- single-name queries per second on one core against the full bundled list, p50/p99 latency, index build time and
  resident memory (the build runs in a fresh subprocess so the figures are its own). Wall-clock figures and the
  process's CPU time are both reported, with the load average: on a shared machine the CPU-time figures are what
  one core delivers;
- the same quality and pair-scoring speed (CPU time, distinct pairs, dictionaries loaded before the clock starts)
  for nomenklatura's logic-v2. nomenklatura needs PyICU and pulls in a
  large dependency tree, so it is installed into its own virtual environment under ``benchmarks/out/`` from the
  ``benchmark`` extra pinned in pyproject.toml; if that install fails the comparison is skipped with a note.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from chipcontrols.screening import DEFAULT_THRESHOLD, MATCHER_VERSION, score_name_pair  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
OUT = ROOT / "benchmarks" / "out"
NK_VENV = OUT / "nomenklatura-venv"

NK_SCRIPT = r'''
import csv, json, sys, time
from followthemoney import ValueEntity, model
from nomenklatura.matching import LogicV2

def entity(name, schema, n):
    ent = ValueEntity(model.get(schema), {"id": f"e{n}"})
    ent.add("name", name)
    return ent

pairs = json.load(open(sys.argv[1]))
config = LogicV2.default_config()
for i, (a, b) in enumerate([("Warm Up Trading Co", "Warm Up Trading Company"), ("Ivan Petrov", "Иван Петров"),
                            ("山本一郎", "Yamamoto Ichiro"), ("北京测试科技有限公司", "Beijing Test Technology")]):
    LogicV2.compare(entity(a, "LegalEntity", -2 * i - 1), entity(b, "LegalEntity", -2 * i - 2), config)
scores = []
start = time.process_time()
for i, (a, b, schema) in enumerate(pairs):
    schema = schema if schema in ("Person", "Company", "Organization", "LegalEntity", "Vessel") else "LegalEntity"
    scores.append(LogicV2.compare(entity(a, schema, 2 * i), entity(b, schema, 2 * i + 1), config).score)
elapsed = time.process_time() - start
json.dump({"scores": scores, "seconds": elapsed}, open(sys.argv[2], "w"))
'''

SPEED_SCRIPT = r'''
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
start = time.perf_counter()
from chipcontrols.screening.store import load_bundled_snapshot
from chipcontrols.screening.index import CandidateIndex
from chipcontrols.screening.index_cache import gc_paused
snapshot = load_bundled_snapshot()
loaded = time.perf_counter()
with gc_paused():
    index = CandidateIndex.build(snapshot.entries)
built = time.perf_counter()
rss_after_build = [int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
from chipcontrols.screening.screener import Screener
screener = Screener(snapshot, index)
queries = json.load(open(sys.argv[2]))
warm, queries = queries[:200], queries[200:]
for q in ["山本一郎", "北京测试科技有限公司", "Иван Петров", *warm]:  # one-time dictionary loads, then other queries
    screener.screen(q)  # warm-up (other queries than the measured ones)
latencies = []
cpu_latencies = []
t0 = time.perf_counter()
c0 = time.process_time()
for q in queries:
    s = time.perf_counter()
    c = time.process_time()
    screener.screen(q)
    cpu_latencies.append(time.process_time() - c)
    latencies.append(time.perf_counter() - s)
total = time.perf_counter() - t0
total_cpu = time.process_time() - c0
def peak_rss_mb():
    # VmHWM: this process's peak resident set (ru_maxrss would include the parent's before exec on Linux).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

json.dump({
    "snapshot_load_s": loaded - start,
    "index_build_s": built - loaded,
    "peak_rss_mb": peak_rss_mb(),
    "peak_rss_after_build_mb": rss_after_build,
    "names": snapshot.name_count,
    "readings": len(index.keys),
    "latencies": latencies,
    "cpu_latencies": cpu_latencies,
    "total_s": total,
    "total_cpu_s": total_cpu,
}, open(sys.argv[3], "w"))
'''


def read_csv(path: Path, fieldnames: list[str] | None = None) -> list[dict[str, str]]:
    """Rows of an evaluation CSV; ``#`` lines are comments (the cross-script file has no header line)."""
    if not path.is_file():
        sys.exit(f"Missing evaluation file {path}. Run benchmarks/build_chinese_eval.py or restore benchmarks/data/.")
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(lines, fieldnames=fieldnames))


def prf(scores: list[float], labels: list[bool], threshold: float) -> dict[str, float]:
    tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def best_f1(scores: list[float], labels: list[bool]) -> dict[str, float]:
    best = max(((prf(scores, labels, t / 100)["f1"], t / 100) for t in range(30, 100)), key=lambda x: (x[0], -x[1]))
    return {"f1": best[0], "threshold": best[1]}


def quality(scores: list[float], labels: list[bool], threshold: float) -> dict[str, Any]:
    return {"at_threshold": {"threshold": threshold, **prf(scores, labels, threshold)}, "best": best_f1(scores, labels)}


WARM_UP = [("Warm Up Trading Co", "Warm Up Trading Company"), ("Ivan Petrov", "Иван Петров"),
           ("山本一郎", "Yamamoto Ichiro"), ("北京测试科技有限公司", "Beijing Test Technology")]


def score_ours(pairs: list[tuple[str, str, str | None]]) -> tuple[list[float], float]:
    """Scores and seconds; one-time loading (pypinyin, pykakasi dictionaries) happens before the clock starts,
    as nomenklatura's warm-up does in its script. Every evaluated pair is distinct, so no result cache helps."""
    for a, b in WARM_UP:
        score_name_pair(a, b)
    start = time.process_time()
    scores = [score_name_pair(a, b, schema)[0] for a, b, schema in pairs]
    return scores, time.process_time() - start


def nomenklatura_pin() -> str:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    return next(spec for spec in extras.get("benchmark", []) if spec.lower().startswith("nomenklatura"))


def ensure_nomenklatura() -> tuple[Path | None, str]:
    python = NK_VENV / "bin" / "python"
    if python.exists():
        check = subprocess.run([str(python), "-c", "import nomenklatura"], capture_output=True)
        if check.returncode == 0:
            return python, "already installed"
    pin = nomenklatura_pin()
    print(f"Installing {pin} into {NK_VENV.relative_to(ROOT)} (needs libicu-dev and pkg-config; takes minutes) ...")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(NK_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", pin], check=True, timeout=1800)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        return None, f"nomenklatura could not be installed ({error}); the logic-v2 comparison is skipped."
    return python, f"installed {pin}"


def score_nomenklatura(python: Path, pairs: list[tuple[str, str, str | None]]) -> tuple[list[float], float]:
    OUT.mkdir(parents=True, exist_ok=True)
    source, target, script = OUT / "nk_pairs.json", OUT / "nk_scores.json", OUT / "nk_score.py"
    source.write_text(json.dumps([[a, b, s or "LegalEntity"] for a, b, s in pairs]))
    script.write_text(NK_SCRIPT)
    subprocess.run([str(python), str(script), str(source), str(target)], check=True, timeout=3600)
    result = json.loads(target.read_text())
    return result["scores"], result["seconds"]


def speed_queries(count: int) -> list[str]:
    from chipcontrols.screening.store import load_bundled_snapshot

    rng = random.Random(7)
    names = [n for e in load_bundled_snapshot().entries for n in e.names]
    chinese = [r["query"] for r in read_csv(DATA / "chinese_entity_pairs.csv")]
    queries: list[str] = []
    while len(queries) < count:
        kind = rng.random()
        if kind < 0.4:
            queries.append(rng.choice(names))
        elif kind < 0.7:
            name = rng.choice(names)
            i = rng.randrange(len(name))
            queries.append(name[:i] + name[i + 1 :] or name)
        elif kind < 0.85:
            queries.append(rng.choice(chinese))
        else:
            queries.append(" ".join(rng.choice(["Acme", "Global", "Sino", "Tech", "Northern", "Star", "Widgets",
                                                "Trading", "Holdings", "GmbH", "Co., Ltd.", "Alpha", "Delta"])
                                    for _ in range(rng.randint(2, 4))))
    return queries


def machine() -> dict[str, str]:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    return {
        "uname": " ".join(platform.uname()),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def chinese_screening(rows: list[dict[str, str]], threshold: float) -> dict[str, Any]:
    """Through screen(): positives found (expected row among hits at the threshold), negatives flagged."""
    from chipcontrols.screening.screener import Screener
    from chipcontrols.screening.store import load_bundled_snapshot

    screener = Screener(load_bundled_snapshot())
    per_category: dict[str, list[bool]] = {}
    misses: list[str] = []
    for row in rows:
        result = screener.screen(row["query"], threshold=threshold, limit=50)
        ids = {h.entry_id for h in result.hits}
        if row["label"] == "true":
            ok = row["expected_entry_id"] in ids
            if not ok:
                misses.append(f"{row['category']}: {row['query']} -> {row['expected_name']}")
        elif row["category"] == "other_listed":
            ok = row["expected_entry_id"] not in ids
        else:
            ok = not any(h.list_code == "EL" for h in result.hits)
        per_category.setdefault(row["category"], []).append(ok)
    summary = {cat: round(sum(v) / len(v), 3) for cat, v in per_category.items()}
    pos = [ok for cat, v in per_category.items() for ok in v if cat not in {"other_listed", "unlisted", "unlisted_real"}]
    neg = [ok for cat, v in per_category.items() for ok in v if cat in {"other_listed", "unlisted", "unlisted_real"}]
    return {
        "recall": round(sum(pos) / len(pos), 3),
        "false_positive_rate": round(1 - sum(neg) / len(neg), 3),
        "by_category_share_correct": summary,
        "missed_examples": misses[:15],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-nomenklatura", action="store_true")
    parser.add_argument("--queries", type=int, default=5000, help="Number of speed queries.")
    parser.add_argument("--json", type=Path, default=OUT / "screening_results.json")
    args = parser.parse_args()
    threshold = DEFAULT_THRESHOLD
    report: dict[str, Any] = {"matcher": MATCHER_VERSION, "threshold": threshold, "machine": machine()}

    nk_rows = read_csv(DATA / "name_pairs_nomenklatura.csv")
    cn_rows = read_csv(DATA / "chinese_entity_pairs.csv")
    xs_rows = read_csv(DATA / "cross_script_pairs.csv", ["Query", "Expected Match", "Min Score", "Description"])
    sets = {
        "nomenklatura_pairs": ([(r["name1"], r["name2"], r["schema"]) for r in nk_rows],
                               [r["is_match"] == "true" for r in nk_rows]),
        "chinese_entities": ([(r["query"], r["expected_name"], None) for r in cn_rows],
                             [r["label"] == "true" for r in cn_rows]),
        "cross_script": ([(r["Query"], r["Expected Match"], "Person") for r in xs_rows], [True] * len(xs_rows)),
    }
    ours: dict[str, Any] = {}
    our_pair_seconds = 0.0
    our_pairs = 0
    for name, (pairs, labels) in sets.items():
        scores, seconds = score_ours(pairs)
        our_pair_seconds += seconds
        our_pairs += len(pairs)
        ours[name] = quality(scores, labels, threshold)
        ours[name]["pairs"] = len(pairs)
        if name == "cross_script":
            ours[name] = {"pairs": len(pairs), "found": sum(s >= threshold for s in scores),
                          "recall": round(sum(s >= threshold for s in scores) / len(pairs), 3),
                          "missed": [f"{a} / {b}: {s:.3f}" for (a, b, _), s in zip(pairs, scores) if s < threshold]}
    ours["pairs_per_second"] = round(our_pairs / our_pair_seconds)
    print("Chinese set through screen() ...")
    ours["chinese_entities"]["screening"] = chinese_screening(cn_rows, threshold)
    report["chipcontrols"] = ours

    print(f"Speed: {args.queries} queries against the full list in a fresh process ...")
    OUT.mkdir(parents=True, exist_ok=True)
    queries_file, speed_file, speed_script = OUT / "speed_queries.json", OUT / "speed.json", OUT / "speed.py"
    queries_file.write_text(json.dumps(speed_queries(args.queries + 200), ensure_ascii=False))
    speed_script.write_text(SPEED_SCRIPT)
    subprocess.run([sys.executable, str(speed_script), str(ROOT / "src"), str(queries_file), str(speed_file)],
                   check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    speed = json.loads(speed_file.read_text())
    latencies = sorted(speed.pop("latencies"))
    cpu = sorted(speed.pop("cpu_latencies"))
    report["speed"] = {
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in speed.items()},
        "queries": len(latencies),
        "queries_per_second": round(len(latencies) / speed["total_s"]),
        "p50_ms": round(statistics.median(latencies) * 1000, 3),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 3),
        "max_ms": round(latencies[-1] * 1000, 3),
        # CPU time of the screening process: what one core delivers when the machine is shared.
        "queries_per_cpu_second": round(len(cpu) / speed["total_cpu_s"]),
        "cpu_p50_ms": round(statistics.median(cpu) * 1000, 3),
        "cpu_p99_ms": round(cpu[int(len(cpu) * 0.99) - 1] * 1000, 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }

    if args.skip_nomenklatura:
        report["nomenklatura"] = {"note": "skipped (--skip-nomenklatura)"}
    else:
        python, note = ensure_nomenklatura()
        if python is None:
            report["nomenklatura"] = {"note": note}
        else:
            theirs: dict[str, Any] = {"note": note, "algorithm": "logic-v2"}
            seconds_total = 0.0
            pairs_total = 0
            for name, (pairs, labels) in sets.items():
                scores, seconds = score_nomenklatura(python, pairs)
                seconds_total += seconds
                pairs_total += len(pairs)
                if name == "cross_script":
                    theirs[name] = {"pairs": len(pairs), "found": sum(s >= 0.7 for s in scores),
                                    "recall_at_0.7": round(sum(s >= 0.7 for s in scores) / len(pairs), 3)}
                else:
                    theirs[name] = quality(scores, labels, 0.7)
            theirs["pairs_per_second"] = round(pairs_total / seconds_total)
            report["nomenklatura"] = theirs
            report["speed_ratio_pairs"] = round(ours["pairs_per_second"] / theirs["pairs_per_second"], 1)
            # Screening one name against the whole list through the index does the work of comparing it with
            # every listed name: the throughput that matters for screening, in name comparisons per second.
            screened = report["speed"]["queries_per_cpu_second"] * report["speed"]["names"]
            report["speed_ratio_screening"] = round(screened / theirs["pairs_per_second"])

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"Written to {args.json}")


if __name__ == "__main__":
    main()

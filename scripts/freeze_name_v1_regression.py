"""Write tests/screening/data/name_v1_regression.csv: the frozen scores of matcher name-v1.

Run once when a matcher version is released; afterwards the test suite checks that every score stays the same.
A change that moves any of them is a new matcher version, not an edit of name-v1.

    .venv/bin/python scripts/freeze_name_v1_regression.py
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from chipcontrols.screening import MATCHER_VERSION, score_name_pair  # noqa: E402
from chipcontrols.screening.screener import Screener  # noqa: E402
from chipcontrols.screening.store import load_bundled_snapshot  # noqa: E402

OUTPUT = ROOT / "tests" / "screening" / "data" / f"{MATCHER_VERSION.replace('-', '_')}_regression.csv"

SCREEN_CASES = [
    ("华为技术有限公司", ""),
    ("Huawei Technologies Co Ltd", "CN"),
    ("SMIC", ""),
    ("YMTC", ""),
    ("Moore Threads Intelligent Technology (Beijing) Co., Ltd.", "CN"),
    ("摩尔线程智能科技（北京）有限责任公司", ""),
    ("成都海光集成电路设计有限公司", ""),
    ("Sugon", "CN"),
    ("Beijing Sophgo Technology", ""),
    ("Hangzhou Hikvision Digital Technology Co Ltd", "CN"),
    ("Inspur Group", ""),
    ("Cambricon Technologies Corp Ltd", "CN"),
    ("Semiconductor Manufacturing International Corp", "CN"),
    ("Yangtze Memory Technologies Co., Ltd.", "CN"),
    ("Tianjin Phytium Information Technology Co Ltd", ""),
    ("Vladimir Putin", "RU"),
    ("Владимир Путин", ""),
    ("Rosneft Trade Limited", "CY"),
    ("Acme Widgets GmbH", "DE"),
    ("Huawei Technologies GmbH", "DE"),
    ("National University of Defense Technology", "CN"),
]


def main() -> None:
    rng = random.Random(4)
    rows: list[dict[str, str]] = []
    with (ROOT / "benchmarks" / "data" / "name_pairs_nomenklatura.csv").open(encoding="utf-8") as handle:
        nk = list(csv.DictReader(handle))
    with (ROOT / "benchmarks" / "data" / "chinese_entity_pairs.csv").open(encoding="utf-8") as handle:
        cn = list(csv.DictReader(handle))
    pairs = [(r["name1"], r["name2"], r["schema"]) for r in rng.sample(nk, 80)]
    pairs += [(r["query"], r["expected_name"], "") for r in rng.sample(cn, 60)]
    for a, b, schema in pairs:
        score, _ = score_name_pair(a, b, schema or None)
        rows.append({"kind": "pair", "query": a, "other": b, "schema_or_country": schema, "list_code": "",
                     "score": f"{score:.4f}"})
    screener = Screener(load_bundled_snapshot())
    for query, country in SCREEN_CASES:
        result = screener.screen(query, country=country or None, include_all=True, limit=3)
        for hit in result.hits:
            rows.append({"kind": "screen", "query": query, "other": hit.name, "schema_or_country": country,
                         "list_code": hit.list_code, "score": f"{hit.score:.4f}"})
        if not result.hits:
            rows.append({"kind": "screen", "query": query, "other": "", "schema_or_country": country,
                         "list_code": "", "score": ""})
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["kind", "query", "other", "schema_or_country", "list_code",
                                                    "score"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} frozen scores written to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

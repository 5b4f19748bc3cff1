"""Build the Chinese-entity evaluation set from the Entity List's China rows (deterministic; seed fixed).

    .venv/bin/python benchmarks/build_chinese_eval.py   # writes benchmarks/data/chinese_entity_pairs.csv

No labelled set of Chinese entity names exists, so this one is constructed. Each row pairs a query with a listed
name; ``label`` says whether they are the same party. Categories:

Positives (query -> the Entity List row it was derived from):

- ``legal_form``: the legal form swapped ("Co., Ltd." <-> "Company Limited" <-> "Co Ltd" ...);
- ``city_order``: "X (Beijing) Co., Ltd." <-> "Beijing X Co., Ltd.";
- ``case_punct``: upper case, punctuation removed;
- ``typo``: one character deleted, doubled or swapped in the longest distinctive word (6+ letters);
- ``brand_only``: the name without legal form and descriptive words ("Moore Thread (Beijing)");
- ``hanzi``: the name written in Chinese characters. The list publishes no Chinese forms, so they are constructed:
  places and business words from the dictionary in ``vocabulary.py`` (北京, 科技, 有限公司 ...), trade names from its
  small trade-name table (海光 = Hygon), and pinyin brand words (Zhongke) spelt with common characters that read
  that way (checked by reading them back with pypinyin). The characters are therefore plausible, not the
  company's own; what is tested is the Hanzi -> pinyin -> match path;
- ``pinyin``: the constructed Hanzi name romanised word by word ("Beijing Zhongke Keji Youxian Gongsi").

Hard negatives (label false):

- ``other_listed``: two different Entity List China rows sharing as many words as possible (same city, same
  business words) but no distinctive word;
- ``unlisted``: fabricated Chinese company names (random pinyin brand + city + business words + legal form, in
  Latin and in Hanzi) paired with the most similar Entity List name by rapidfuzz token_set_ratio;
- ``unlisted_real``: real Chinese AI/chip companies not on the list in this snapshot (MetaX, Enflame, Iluvatar
  CoreX, Alibaba, Tencent, Baidu, ByteDance, DeepSeek), in English and Chinese, paired the same way.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from chipcontrols.screening.normalise import analyse_name  # noqa: E402
from chipcontrols.screening.store import load_bundled_snapshot  # noqa: E402
from chipcontrols.screening.vocabulary import (  # noqa: E402
    CHINESE_BUSINESS_WORDS,
    CHINESE_PLACES,
    CHINESE_TRADE_NAMES,
    PLACE_WORDS,
    WEAK_WORDS,
)

OUTPUT = ROOT / "benchmarks" / "data" / "chinese_entity_pairs.csv"
SEED = 20260731
MAX_ENTITIES = 400
COLUMNS = ("category", "label", "query", "expected_name", "expected_entry_id", "notes")

LEGAL_SWAPS = [
    (r",?\s*Co\.,?\s*Ltd\.?$", [" Company Limited", " Co Ltd", " Co., Limited", " Limited"]),
    (r"\s*Company Limited$", [" Co., Ltd.", " Co Ltd"]),
    (r"\s*Corporation$", [" Corp.", " Co., Ltd."]),
    (r"\s*Corp\.?$", [" Corporation"]),
    (r",?\s*Ltd\.?$", [" Limited"]),
    (r"\s*Limited$", [" Ltd."]),
]
LEGAL_HANZI = {"ltd": "有限公司", "corp": "公司", "co": "公司", "llc": "有限责任公司"}
UNLISTED_REAL = [
    ("MetaX Integrated Circuits (Shanghai) Co., Ltd.", "沐曦集成电路（上海）有限公司"),
    ("Shanghai Enflame Technology Co., Ltd.", "上海燧原科技有限公司"),
    ("Shanghai Iluvatar CoreX Semiconductor Co., Ltd.", "上海天数智芯半导体有限公司"),
    ("Alibaba Cloud Computing Co., Ltd.", "阿里巴巴云计算有限公司"),
    ("Tencent Technology (Shenzhen) Co., Ltd.", "腾讯科技（深圳）有限公司"),
    ("Beijing Baidu Netcom Science Technology Co., Ltd.", "北京百度网讯科技有限公司"),
    ("Beijing ByteDance Technology Co., Ltd.", "北京字节跳动科技有限公司"),
    ("Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd.", "杭州深度求索人工智能基础技术研究有限公司"),
]


def _toneless(reading: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", reading) if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def syllable_characters() -> dict[str, str]:
    """Toneless pinyin syllable -> one common character with that single reading (GB2312 level 1, lowest code)."""
    table: dict[str, str] = {}
    for code, readings in sorted(pinyin_dict.items()):
        if "," in readings:
            continue
        char = chr(code)
        try:
            encoded = char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if not 0xB0 <= encoded[0] <= 0xD7:
            continue
        syllable = _toneless(readings)
        if syllable.isalpha() and syllable.isascii():
            table.setdefault(syllable, char)
    return table


def segment_pinyin(word: str) -> list[str] | None:
    """Split a pinyin word into the fewest syllables, or None if it is not pinyin."""
    syllables = syllable_characters()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            prefix = best[start]
            piece = word[start:end]
            if prefix is not None and piece in syllables:
                candidate = [*prefix, piece]
                if best[end] is None or len(candidate) < len(best[end]):  # type: ignore[arg-type]
                    best[end] = candidate
    return best[len(word)]


ENGLISH_TO_HANZI: dict[str, str] = {}
for hanzi, english in CHINESE_BUSINESS_WORDS.items():
    ENGLISH_TO_HANZI.setdefault(english, hanzi)
for hanzi, english in CHINESE_TRADE_NAMES.items():
    ENGLISH_TO_HANZI.setdefault(english, hanzi)
PLACE_TO_HANZI = {pinyin: hanzi for hanzi, pinyin in CHINESE_PLACES.items()}


def construct_hanzi(name: str) -> tuple[str, str] | None:
    """(Hanzi name, word-by-word pinyin) for a listed name, or None when a word cannot be written."""
    keys = analyse_name(name)
    if not keys:
        return None
    key = keys[0]
    tokens = list(key.tokens)
    places = [t for t in tokens if t in key.places]
    body = [t for t in tokens if t not in key.places]
    parts: list[str] = []
    i = 0
    while i < len(body):
        for size in (4, 3, 2, 1):
            phrase = " ".join(body[i : i + size])
            if len(body[i : i + size]) == size and phrase in ENGLISH_TO_HANZI:
                parts.append(ENGLISH_TO_HANZI[phrase])
                i += size
                break
        else:
            syllables = segment_pinyin(body[i])
            if not syllables or body[i] in WEAK_WORDS:
                return None
            characters = "".join(syllable_characters()[s] for s in syllables)
            if "".join(lazy_pinyin(characters, style=Style.NORMAL)) != body[i]:
                return None  # the characters must read back as the word
            parts.append(characters)
            i += 1
    place_hanzi = []
    for place in places:
        if place not in PLACE_TO_HANZI:
            return None
        place_hanzi.append(PLACE_TO_HANZI[place])
    legal = next((LEGAL_HANZI[form] for form in sorted(key.legal) if form in LEGAL_HANZI), "有限公司")
    hanzi = "".join(place_hanzi) + "".join(parts) + legal
    if not re.fullmatch(r"[\u4e00-\u9fff]+", hanzi):
        return None
    words = [*place_hanzi, *parts, legal]
    pinyin = " ".join("".join(lazy_pinyin(w, style=Style.NORMAL)).capitalize() for w in words)
    return hanzi, pinyin


def is_organisation(name: str) -> bool:
    keys = analyse_name(name)
    if not keys:
        return False
    key = keys[0]
    return bool(key.legal) or any(t in WEAK_WORDS or t in key.places for t in key.tokens) or len(key.tokens) >= 4


def distinctive(name: str) -> set[str]:
    return {
        t
        for key in analyse_name(name)
        for t in key.tokens
        if t not in WEAK_WORDS and t not in PLACE_WORDS and not t.isdigit() and len(t) > 2
    }


def typo(name: str, rng: random.Random) -> str | None:
    words = re.findall(r"[A-Za-z]{6,}", name)
    words = [w for w in words if w.lower() not in WEAK_WORDS and w.lower() not in PLACE_WORDS]
    if not words:
        return None
    word = max(words, key=len)
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["delete", "double", "swap"])
    if kind == "delete":
        changed = word[:i] + word[i + 1 :]
    elif kind == "double":
        changed = word[:i] + word[i] + word[i:]
    else:
        changed = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return name.replace(word, changed, 1) if changed != word else None


def city_order(name: str) -> str | None:
    match = re.match(r"^(.*?)\s*\(([A-Z][a-z]+)\)\s*(.*)$", name)
    if match and match.group(2).lower() in PLACE_WORDS:
        return f"{match.group(2)} {match.group(1)} {match.group(3)}".strip()
    first, _, rest = name.partition(" ")
    if first.lower() in PLACE_WORDS and rest:
        legal = re.search(r"\s*(Co\.,?\s*Ltd\.?|Company Limited|Corporation|Limited|Ltd\.?)$", rest)
        if legal:
            return f"{rest[: legal.start()]} ({first}){legal.group(0)}"
        return f"{rest} ({first})"
    return None


def legal_swap(name: str, rng: random.Random) -> str | None:
    for pattern, replacements in LEGAL_SWAPS:
        if re.search(pattern, name):
            return re.sub(pattern, rng.choice(replacements), name)
    return None


def brand_only(name: str) -> str | None:
    keys = analyse_name(name)
    if not keys:
        return None
    words = [w for w in re.findall(r"[A-Za-z0-9']+", re.sub(r"\(.*?\)", " ", name))]
    kept = [
        w for w in words
        if w.lower() not in WEAK_WORDS and w.lower() not in {"co", "ltd", "limited", "corp", "corporation", "inc"}
    ]
    if not kept or len(kept) == len(words) or not distinctive(" ".join(kept)):
        return None
    return " ".join(kept)


def build() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    snapshot = load_bundled_snapshot()
    china = [e for e in snapshot.entries if e.list_code == "EL" and "CN" in e.countries and is_organisation(e.name)]
    sample = sorted(rng.sample(china, min(MAX_ENTITIES, len(china))), key=lambda e: e.entry_id)
    rows: list[dict[str, str]] = []

    def add(category: str, label: bool, query: str | None, name: str, entry_id: str, notes: str = "") -> None:
        if query and query.strip() and query != name:
            rows.append({"category": category, "label": "true" if label else "false", "query": query,
                         "expected_name": name, "expected_entry_id": entry_id, "notes": notes})

    for entry in sample:
        name = entry.name
        add("legal_form", True, legal_swap(name, rng), name, entry.entry_id)
        add("city_order", True, city_order(name), name, entry.entry_id)
        add("case_punct", True, re.sub(r"[^\w\s]", "", name).upper(), name, entry.entry_id)
        add("typo", True, typo(name, rng), name, entry.entry_id)
        add("brand_only", True, brand_only(name), name, entry.entry_id)
        constructed = construct_hanzi(name)
        if constructed:
            hanzi, pinyin = constructed
            add("hanzi", True, hanzi, name, entry.entry_id, "constructed characters")
            add("pinyin", True, pinyin, name, entry.entry_id, "romanised constructed characters")

    # Hard negatives among listed China rows: most shared words, no shared distinctive word.
    words = {e.entry_id: {t for k in analyse_name(e.name) for t in k.tokens} for e in china}
    marks = {e.entry_id: distinctive(e.name) | {t for a in e.aliases for t in distinctive(a)} for e in china}
    for entry in sample[:250]:
        best = None
        for other in china:
            if other.entry_id == entry.entry_id or marks[other.entry_id] & marks[entry.entry_id]:
                continue
            if not marks[other.entry_id] or not marks[entry.entry_id]:
                continue
            shared = len(words[other.entry_id] & words[entry.entry_id])
            if best is None or shared > best[0]:
                best = (shared, other)
        if best and best[0] >= 2:
            add("other_listed", False, entry.name, best[1].name, best[1].entry_id, f"{best[0]} shared words")

    # Fabricated unlisted companies.
    listed_tokens = {t for e in snapshot.entries for n in e.names for k in analyse_name(n) for t in k.tokens}
    syllables = sorted(s for s in syllable_characters() if 2 <= len(s) <= 5)
    places = sorted(CHINESE_PLACES.items())
    businesses = ["科技", "技术", "信息技术", "电子", "半导体", "智能科技", "微电子", "集成电路", "通信技术", "软件"]
    china_names = [e.name for e in china]
    made = 0
    while made < 150:
        brand = rng.choice(syllables) + rng.choice(syllables)
        if brand in listed_tokens:
            continue
        place_hanzi, place = rng.choice(places)
        business = rng.choice(businesses)
        hanzi = place_hanzi + "".join(syllable_characters()[s] for s in segment_pinyin(brand) or []) + business
        hanzi += "有限公司"
        english = f"{place.title()} {brand.title()} {CHINESE_BUSINESS_WORDS[business].title() if business in CHINESE_BUSINESS_WORDS else 'Technology'} Co., Ltd."
        if business not in CHINESE_BUSINESS_WORDS:
            english = f"{place.title()} {brand.title()} Technology Co., Ltd."
        query = english if made % 2 == 0 else hanzi
        nearest = process.extractOne(english, china_names, scorer=fuzz.token_set_ratio)
        entry = china[nearest[2]]
        add("unlisted", False, query, entry.name, entry.entry_id, "fabricated name")
        made += 1
    for english, hanzi in UNLISTED_REAL:
        nearest = process.extractOne(english, china_names, scorer=fuzz.token_set_ratio)
        entry = china[nearest[2]]
        add("unlisted_real", False, english, entry.name, entry.entry_id, "not on the list in this snapshot")
        add("unlisted_real", False, hanzi, entry.name, entry.entry_id, "not on the list in this snapshot")
    return rows


def main() -> None:
    rows = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["category"]] = counts.get(row["category"], 0) + 1
    print(f"{len(rows)} pairs written to {OUTPUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()

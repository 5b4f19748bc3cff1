"""Chinese (Han) company and person names to Latin tokens, through pypinyin's phrase-aware readings.

A Han run is split into legal-form suffix (有限公司 ...), place names (北京 -> beijing), known business words
(技术 -> technology) and the remaining "brand" characters, whose pinyin syllables are joined into one token
(华为 -> huawei), the way Chinese trade names are usually romanised. Two readings come out:

- ``translated``: brand pinyin + English business words (华为技术 -> ["huawei", "technology"]), with known trade
  names in their English form (海光 -> "hygon");
- ``pinyin``: the same, but a known trade name (海光 -> "Hygon") stays in pinyin ("haiguang"), since lists use both.
  Romanised business words in a Latin name ("Keji", "Youxian Gongsi") are translated by ``normalise.fold_tokens``.

Han never goes through anyascii: per-character readings get polyphones wrong (重庆 -> zhongqing, 银行 -> yinxing).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from chipcontrols.screening.vocabulary import (
    CHINESE_BUSINESS_WORDS,
    CHINESE_LEGAL_FORMS,
    CHINESE_PLACES,
    CHINESE_TRADE_NAMES,
)

__all__ = ["HAN_RUN", "PINYIN_BUSINESS_WORDS", "HanReading", "has_han", "japanese_reading", "read_han"]

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+")
_LEGAL_SUFFIXES = sorted(CHINESE_LEGAL_FORMS, key=len, reverse=True)
_WORDS: dict[str, tuple[str, str]] = {
    **{w: ("place", p) for w, p in CHINESE_PLACES.items()},
    **{w: ("business", e) for w, e in CHINESE_BUSINESS_WORDS.items()},
    **{w: ("trade", e) for w, e in CHINESE_TRADE_NAMES.items()},
}
# Pinyin spellings of the business words, trade names and places as romanised names write them ("Keji" ->
# technology, "Hanwuji" -> cambricon, "Xianggang" -> hongkong). 中心/中芯 (both "zhongxin") are left out: the reading is ambiguous.
_PINYIN_EXCLUDED = frozenset({"zhongxin"})
PINYIN_BUSINESS_WORDS: dict[str, str] = {
    "".join(lazy_pinyin(word, style=Style.NORMAL)): english
    for word, english in {**CHINESE_BUSINESS_WORDS, **CHINESE_TRADE_NAMES, **CHINESE_PLACES}.items()
    if "".join(lazy_pinyin(word, style=Style.NORMAL)) not in _PINYIN_EXCLUDED
    and "".join(lazy_pinyin(word, style=Style.NORMAL)) != english
}
_MAX_WORD = max(len(w) for w in _WORDS)


def has_han(text: str) -> bool:
    return HAN_RUN.search(text) is not None


@dataclass(frozen=True, slots=True)
class HanReading:
    translated: tuple[str, ...]
    pinyin: tuple[str, ...]
    legal: frozenset[str]


def _syllables(text: str) -> list[str]:
    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore")]


@functools.lru_cache(maxsize=65536)
def read_han(run: str) -> HanReading:
    """Both readings of one run of Han characters."""
    legal: set[str] = set()
    stripped = True
    while stripped and run:
        stripped = False
        for suffix in _LEGAL_SUFFIXES:
            if run.endswith(suffix):
                legal.add(CHINESE_LEGAL_FORMS[suffix])
                run = run[: -len(suffix)]
                stripped = True
                break
    if not run:
        return HanReading((), (), frozenset(legal))
    syllables = _syllables(run)
    if len(syllables) != len(run):  # characters pypinyin cannot read: read the run as one brand
        joined = "".join(syllables)
        return HanReading((joined,) if joined else (), (joined,) if joined else (), frozenset(legal))
    translated: list[str] = []
    pinyin: list[str] = []
    brand: list[str] = []

    def flush() -> None:
        if brand:
            token = "".join(brand)
            token = PINYIN_BUSINESS_WORDS.get(token, token)  # spelt the way a romanised name would be folded
            translated.append(token)
            pinyin.append(token)
            brand.clear()

    i = 0
    while i < len(run):
        for size in range(min(_MAX_WORD, len(run) - i), 1, -1):
            word = run[i : i + size]
            if word in _WORDS:
                kind, english = _WORDS[word]
                flush()
                translated.extend(english.split())
                if kind == "trade":
                    pinyin.append("".join(syllables[i : i + size]))
                else:
                    pinyin.extend(english.split())
                i += size
                break
        else:
            brand.append(syllables[i])
            i += 1
    flush()
    return HanReading(tuple(translated), tuple(pinyin), frozenset(legal))


@functools.lru_cache(maxsize=1)
def _kakasi() -> object:
    import pykakasi  # loaded on first use: its dictionaries take about a second to load

    return pykakasi.kakasi()


@functools.lru_cache(maxsize=65536)
def japanese_reading(run: str) -> tuple[str, ...] | None:
    """The Japanese (Hepburn) reading of a short all-kanji personal name (山田太郎 -> yamada tarou), or None when
    pykakasi cannot read every character. Han is language-ambiguous: this reading is offered next to pinyin."""
    parts = _kakasi().convert(run)  # type: ignore[attr-defined]
    words = [str(part.get("hepburn") or "").lower() for part in parts]
    if not words or any(not w.isascii() or not w.isalpha() for w in words):
        return None
    return tuple(words)

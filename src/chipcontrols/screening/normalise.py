"""Name normalisation: from any written form of a name to comparable keys (``NameKey``).

Rules, in order (each is tested in tests/screening/test_normalise.py):

1. Unicode NFKC (full-width letters and brackets, ligatures), control characters removed.
2. Trailing list boilerplate removed ("; and any successor, sub-unit, or subsidiary thereof").
3. Bracketed parts: a place ("(Beijing)") or a legal form stays a qualifier of the name; anything else ("(SMIC)",
   "(Huawei)") becomes an extra name of its own. "a.k.a." prefixes are dropped.
4. Scripts: Han through pypinyin (see ``han.py``), plus a Japanese reading for short all-kanji personal names
   (pykakasi); Hangul per syllable with common surname spellings ("eo"/"eu" as "o"/"u"); everything
   else through anyascii, which also removes diacritics (Düsseldorf = Dusseldorf). Names written in Arabic, Hebrew
   or Thai script carry no vowels once romanised, so their keys compare on consonant skeletons.
5. Case folding; "&"/"+" -> "and"; apostrophes dropped; dotted initials joined ("p.l.c." -> "plc"); ordinals
   ("13th" -> "13"); other punctuation -> space.
6. Spelling variants folded ("Technologies" -> "technology", "Intl" -> "international", "Mfg" -> "manufacturing").
7. Legal forms ("Co., Ltd.", "Company Limited", "LLC", "GmbH", "OOO", 有限公司 ...) removed from the end (and the
   Russian ones from the start) and kept as a qualifier, never as name tokens.
8. Acronyms of multi-word names are computed so "SMIC" can meet "Semiconductor Manufacturing International Corp".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from anyascii import anyascii

from chipcontrols.screening.han import HAN_RUN, PINYIN_BUSINESS_WORDS, has_han, japanese_reading, read_han
from chipcontrols.screening.vocabulary import (
    COUNTRY_PLACES,
    LEADING_LEGAL_FORMS,
    LEGAL_FORMS,
    PLACE_WORDS,
    SPELLING_VARIANTS,
    WEAK_WORDS,
)

__all__ = [
    "NameKey",
    "analyse_name",
    "fold_tokens",
    "normalise_text",
    "skeleton",
    "strip_legal_forms",
]

# Origins of a key and how much a perfect match on it is worth: a Han name read through pinyin or translated is
# strong evidence but not the same string.
ORIGIN_FACTOR: dict[str, float] = {
    "latin": 1.0, "script": 1.0, "abjad": 1.0, "han": 0.95, "hangul": 0.95, "kanji": 0.9,
}

_CONTROL = re.compile(r"[\u0000-\u001f\u007f-\u009f\u2028\u2029]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
_BOILERPLATE = re.compile(
    r"[;,]?\s*(and\s+)?any\s+successor.*$|[;,]\s*(including|and)\s+(its\s+)?(subsidiaries|affiliates).*$",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_AKA = re.compile(r"^\s*(a\.?\s?k\.?\s?a\.?|f\.?\s?k\.?\s?a\.?|formerly|also known as|d/b/a|dba)\s*[:,]?\s*", re.I)
_APOSTROPHES = re.compile(r"['’‘`´ʼʻ]")
_DOTTED = re.compile(r"(?<![a-z0-9])([a-z])\.(?=[a-z](?:\.|\b))")
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ABJAD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u0e00-\u0e7f]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_NON_LATIN = re.compile(r"[^\x00-\x7f]")
_STOP = frozenset({"of", "and", "the", "for", "in", "de", "la", "du", "des", "der", "und", "et", "y", "a", "an"})
_LEGAL_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
_LEGAL_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(LEGAL_FORMS, key=len, reverse=True):
    _LEGAL_BY_LAST.setdefault(_phrase[-1], []).append(_phrase)
    _LEGAL_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)

# Revised Romanisation of common Korean surnames -> the spelling lists use.
_KOREAN_SURNAMES: dict[str, str] = {
    "gim": "kim", "i": "lee", "bak": "park", "bag": "park", "jeong": "jung", "choe": "choi", "gang": "kang",
    "jo": "cho", "yun": "yoon", "im": "lim", "o": "oh", "sin": "shin", "gwon": "kwon", "an": "ahn", "ryu": "ryu",
    "yu": "yoo", "go": "ko", "mun": "moon", "yang": "yang", "son": "son", "bae": "bae", "baeg": "baek",
}


@dataclass(frozen=True, slots=True)
class NameKey:
    """One comparable reading of a name."""

    tokens: tuple[str, ...]
    legal: frozenset[str] = frozenset()
    origin: str = "latin"
    extra_places: frozenset[str] = frozenset()
    compact: str = field(init=False)
    sorted_text: str = field(init=False)
    numbers: frozenset[str] = field(init=False)
    places: frozenset[str] = field(init=False)
    acronym: str = field(init=False)
    acronym_legal: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compact", "".join(self.tokens))
        object.__setattr__(self, "sorted_text", " ".join(sorted(self.tokens)))
        object.__setattr__(self, "numbers", frozenset(t for t in self.tokens if t.isdigit()))
        places = frozenset(t for t in self.tokens if t in PLACE_WORDS or t in self.extra_places)
        object.__setattr__(self, "places", places)
        core = [t for t in self.tokens if t not in _STOP and not t.isdigit() and t not in self.extra_places]
        acronym = "".join(t[0] for t in core) if len(core) >= 3 else ""
        object.__setattr__(self, "acronym", acronym)
        extra = "c" if self.legal & {"ltd", "co", "corp"} else ("l" if "llc" in self.legal else "")
        object.__setattr__(self, "acronym_legal", acronym + extra if acronym and extra else "")

    @property
    def factor(self) -> float:
        return ORIGIN_FACTOR.get(self.origin, 1.0)

    @property
    def skeletal(self) -> bool:
        return self.origin == "abjad"


def normalise_text(text: str) -> str:
    """NFKC, invisible characters (zero-width, soft hyphen, direction marks) removed, control characters as
    spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def fold_tokens(text: str) -> list[str]:
    """Latin (or romanised) text to folded tokens with spelling variants applied; no legal-form handling."""
    text = anyascii(text).lower() if _NON_LATIN.search(text) else text.lower()
    text = text.replace("&", " and ").replace("+", " and ")
    text = _APOSTROPHES.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _DOTTED.sub(r"\1", text)
    text = _ORDINAL.sub(r"\1", text)
    out: list[str] = []
    for token in _NON_ALNUM.sub(" ", text).split():
        variant = SPELLING_VARIANTS.get(token) or PINYIN_BUSINESS_WORDS.get(token)
        if variant:
            out.extend(variant.split())
        else:
            out.append(token)
    return out


def strip_legal_forms(tokens: list[str]) -> tuple[list[str], set[str]]:
    """Remove legal-form phrases from the end (and Russian-style forms from the start); keep at least one token."""
    legal: set[str] = set()
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for phrase in _LEGAL_BY_LAST.get(tokens[-1], ()):
            n = len(phrase)
            if len(tokens) > n and tuple(tokens[-n:]) == phrase:
                legal.add(LEGAL_FORMS[phrase])
                del tokens[-n:]
                changed = True
                break
    if len(tokens) > 1:
        for phrase in _LEGAL_BY_FIRST.get(tokens[0], ()):
            n = len(phrase)
            if len(tokens) > n and tuple(tokens[:n]) == phrase and (n > 1 or phrase[0] in LEADING_LEGAL_FORMS):
                legal.add(LEGAL_FORMS[phrase])
                del tokens[:n]
                break
    return tokens, legal


def skeleton(token: str) -> str:
    """Consonant skeleton of a token (vowels, y/w and doubled letters dropped), for names from abjad scripts."""
    out: list[str] = []
    for ch in token:
        if ch in "aeiouyw":
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out)


def _hangul_tokens(text: str) -> str:
    """Romanise Hangul syllable by syllable, with the surname of a personal name in its usual spelling."""

    def word(match: re.Match[str]) -> str:
        # Revised Romanisation "eo"/"eu" are usually written "o"/"u" in names (Jeong Eun -> Jong Un).
        syllables = [anyascii(ch).lower().replace("eo", "o").replace("eu", "u") for ch in match.group(0)]
        if 2 <= len(syllables) <= 4:
            syllables[0] = _KOREAN_SURNAMES.get(syllables[0], syllables[0])
        return " " + " ".join(syllables) + " "

    return _HANGUL.sub(word, text)


def _latin_readings(text: str) -> list[tuple[list[str], str]]:
    """Token lists (with origin) for a text that may mix scripts; Han runs give two readings."""
    if text.isascii():
        return [(fold_tokens(text), "latin")]
    origin = "latin"
    if _ABJAD.search(text):
        origin = "abjad"
    elif _HANGUL.search(text):
        origin = "hangul"
        text = _hangul_tokens(text)
    elif _NON_LATIN.search(anyascii_safe_latin(text)):
        origin = "script"
    if not has_han(text):
        return [(fold_tokens(text), origin)]
    translated: list[str] = []
    pinyin: list[str] = []
    legal_tokens: list[str] = []
    person: list[str] | None = None
    position = 0
    runs = list(HAN_RUN.finditer(text))
    for match in runs:
        before = fold_tokens(text[position : match.start()])
        translated.extend(before)
        pinyin.extend(before)
        reading = read_han(match.group(0))
        translated.extend(reading.translated)
        pinyin.extend(reading.pinyin)
        legal_tokens.extend(sorted(reading.legal))
        position = match.end()
    after = fold_tokens(text[position:])
    translated.extend(after)
    pinyin.extend(after)
    readings = [(translated + legal_tokens, "han")]
    if pinyin != translated:
        readings.append((pinyin + legal_tokens, "han"))
    whole = "".join(m.group(0) for m in runs)
    if len(runs) == 1 and 2 <= len(whole) <= 4 and len(translated) == 1 and not legal_tokens:
        # A personal name: surname syllable + given name (习近平 -> xi jinping).
        syllables = read_han(whole[0]).pinyin
        rest = read_han(whole[1:]).pinyin
        person = list(syllables) + list(rest)
        readings.append((person, "han"))
        japanese = japanese_reading(whole)
        if japanese:
            readings.append((list(japanese), "kanji"))
    return readings


def anyascii_safe_latin(text: str) -> str:
    """Text with Latin letters carrying diacritics reduced to ASCII, other scripts left as they are."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _keys_for(text: str) -> list[NameKey]:
    keys: list[NameKey] = []
    for tokens, origin in _latin_readings(text):
        core, legal = strip_legal_forms(list(tokens))
        while len(core) > 1 and core[-1] in {"and", "of", "the"}:
            core.pop()
        if core:
            keys.append(NameKey(tuple(core), frozenset(legal), origin))
    return keys


def _qualifier_tokens(tokens: list[str]) -> tuple[str, list[str]]:
    """("place"|"legal"|"weak"|"", tokens to put back into the name) for the tokens of a bracketed part."""
    joined = "".join(tokens)
    if joined in COUNTRY_PLACES:
        return "place", [COUNTRY_PLACES[joined]]
    if tokens and all(t in PLACE_WORDS for t in tokens):
        return "place", tokens
    if tokens and tuple(tokens) in LEGAL_FORMS:
        return "legal", tokens
    if tokens and all(t in WEAK_WORDS for t in tokens):
        return "weak", tokens
    return "", tokens


def _looks_like_alias(
    content: str, tokens: list[str], base_tokens: set[str], base_has_lower: bool, *, aka: bool
) -> bool:
    """Whether a bracketed part is another name of the party ("(SMIC)", "(Huawei)", "(a.k.a. X)") rather than a
    qualifier such as a city."""
    if aka or len(tokens) >= 2:
        return True
    if tokens and tokens[0] in base_tokens:
        return True
    letters = [ch for ch in content if ch.isalpha()]
    if letters and base_has_lower and all(ch.isupper() for ch in letters) and len(letters) >= 2:
        return True
    return bool(has_han(content))


@functools.lru_cache(maxsize=200_000)
def analyse_name(text: str) -> tuple[NameKey, ...]:
    """Every comparable reading of one name (main reading first). Empty for a name with no letters or digits."""
    text = normalise_text(text)
    text = _BOILERPLATE.sub("", text).strip()
    extra_names: list[str] = []
    inline: list[list[str]] = []

    has_brackets = _BRACKETS.search(text) is not None
    base_text = _BRACKETS.sub(" ", text) if has_brackets else text
    base_tokens = {t for tokens, _ in _latin_readings(base_text) for t in tokens} if has_brackets else set()
    base_has_lower = any(ch.islower() for ch in base_text)
    unknown_places: set[str] = set()

    def bracket(match: re.Match[str]) -> str:
        raw = match.group(1)
        content = _AKA.sub("", raw).strip()
        if not content:
            return " "
        kind, tokens = _qualifier_tokens(_latin_readings(content)[0][0])
        if kind:
            inline.append(tokens)
            return " "
        if _looks_like_alias(content, tokens, base_tokens, base_has_lower, aka=content != raw.strip()):
            extra_names.append(content)
        else:
            # An unknown single word such as "(Yangon)": a qualifier of the name, weighed like a place.
            inline.append(tokens)
            unknown_places.update(tokens)
        return " "

    base = _BRACKETS.sub(bracket, text) if has_brackets else text
    base = base.replace("(", " ").replace(")", " ")
    keys: list[NameKey] = []
    if inline:
        # Qualifiers go back into the name (before any legal form at the end, so legal stripping still works).
        base_keys = _keys_for(base)
        inline_tokens = [t for part in inline for t in part]
        for key in base_keys:
            legal_inline = set()
            tokens = list(key.tokens)
            for t in inline_tokens:
                if (t,) in LEGAL_FORMS:
                    legal_inline.add(LEGAL_FORMS[(t,)])
                else:
                    tokens.append(t)
            keys.append(
                NameKey(tuple(tokens), key.legal | frozenset(legal_inline), key.origin, frozenset(unknown_places))
            )
    else:
        keys.extend(_keys_for(base))
    if not keys and extra_names:
        keys.extend(_keys_for(text.replace("(", " ").replace(")", " ")))
    for name in extra_names:
        keys.extend(_keys_for(name))
    unique: dict[tuple[tuple[str, ...], frozenset[str], str], NameKey] = {}
    for key in keys:
        unique.setdefault((key.tokens, key.legal, key.origin), key)
    return tuple(unique.values())

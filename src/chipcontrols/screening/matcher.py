"""The name matcher ``name-v1``: compares two normalised names and explains the 0..1 score feature by feature.

Released matcher versions never change their scores: ``tests/screening/data/name_v1_regression.csv`` freezes
expected scores, and any change to this module, to ``normalise.py``/``han.py`` or to ``vocabulary.py`` that moves
them must ship as a new version (``name-v2``) with the old one kept.

Scoring, for one query reading against one list reading:

1. **exact**: same tokens in any order and compatible legal forms -> 1.0 (x 0.95 when the query was read from
   Han or Hangul script, since a romanisation or translation is strong evidence but not the same string).
2. otherwise **aligned**: tokens are paired one-to-one (greedy, best pairs first). Token similarity is 1 for equal
   tokens, the rapidfuzz Indel ratio otherwise, raised to 0.85 when the metaphone codes agree, 0.75 for an initial
   against a word with that initial, 0 below 0.6; numbers must be equal. One edit in a 3+ letter word gives 0.9,
   two edits in a 6+ letter word 0.8, more edits the Indel ratio less 0.25 (not discounted when one name was
   romanised from another script). Consonant skeletons are compared when the query came from Arabic, Hebrew or
   Thai script. Each token has a weight: weak business words (technology, group
   ...) 0.35, place words 0.6 (0.15 when the other name names no place), others 1.0. The aligned score is
   ``sum(sim * (w_q + w_c)) / (sum(w_q) + sum(w_c))``, where unmatched list-side tokens weigh ``EXTRA_RESULT``.
3. **compact**: when the names have different numbers of words, both with spaces removed, Indel ratio, less
   ``COMPACT_MARGIN`` (joins "Hua Wei" and "Huawei", "Mo'er Xianchen" and the pinyin of 摩尔线程).
4. **acronym**: a one-word query equal to the initials of a 3+ word list name (or the reverse) -> ``ACRONYM_SCORE``.

The name score is the best of these over all readings; then qualifiers subtract: legal forms of different families
(GmbH vs Ltd) ``LEGAL_MISMATCH``; names carrying different numbers ``NUMBER_MISMATCH``; a query country not among
the entry's countries ``COUNTRY_MISMATCH`` (never applied to an exact match: an exact name on a list is always
shown at 1.0, whatever country was typed).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import jellyfish
from rapidfuzz.distance import OSA, Indel

from chipcontrols.screening.normalise import NameKey, analyse_name, skeleton
from chipcontrols.screening.vocabulary import LEGAL_FORM_GROUPS, PLACE_WORDS, WEAK_WORDS

__all__ = [
    "DEFAULT_THRESHOLD",
    "MATCHER_VERSION",
    "KeyComparison",
    "best_comparison",
    "compare_keys",
    "comparison_rank",
    "is_person_type",
    "metaphone_code",
    "qualified_score",
    "qualified_value",
    "score_name_pair",
    "token_similarity",
]

MATCHER_VERSION = "name-v1"
# Chosen on the evaluation sets (benchmarks/RESULTS.md, docs/screening.md "Threshold").
DEFAULT_THRESHOLD = 0.80

WEAK_WEIGHT = 0.35
PLACE_WEIGHT = 0.6
PLACE_WEIGHT_UNOPPOSED = 0.15
STOP_WEIGHT = 0.15
EXTRA_QUERY = 1.0
EXTRA_RESULT = 0.6
PERSON_EXTRA = 0.4
COMPACT_MARGIN = 0.08
ACRONYM_SCORE = 0.82
SHORT_ACRONYM_SCORE = 0.75
LEGAL_MISMATCH = 0.15
NUMBER_MISMATCH = 0.15
COUNTRY_MISMATCH = 0.10
MIN_TOKEN_SIM = 0.6
PHONETIC_SIM = 0.85
INITIAL_SIM = 0.75
SKELETON_SIM = 0.95
ONE_EDIT_SIM = 0.9
TWO_EDIT_SIM = 0.8
MULTI_EDIT_DISCOUNT = 0.25
CONFLICT_WEIGHT = 2.0
PLACE_CONFLICT_WEIGHT = 1.0

# Name particles (Arabic article and kinship words, European nobiliary particles): nearly no identity.
_PARTICLES = frozenset(
    {"al", "el", "bin", "ben", "ibn", "abu", "bint", "ul", "ould", "da", "van", "von", "der", "den", "di", "do",
     "dos", "das", "del", "le", "les"}
)
_VOWEL = re.compile(r"[aeiou]")
_STOP = frozenset({"of", "and", "the", "for", "in", "de", "la", "du", "des", "der", "und", "et", "y", "a", "an"})


@functools.lru_cache(maxsize=200_000)
def metaphone_code(token: str) -> str:
    """The metaphone code of an alphabetic token ("" for tokens with digits)."""
    return jellyfish.metaphone(token) if token.isalpha() else ""


@functools.lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str, skeletal: bool = False, transliterated: bool = False) -> float:
    """Similarity of two folded tokens in 0..1 (see module docstring). ``transliterated``: one token was romanised
    from another script, so spelling differences are systematic and multi-edit words are not discounted."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    if skeletal:
        sa, sb = skeleton(a), skeleton(b)
        if sa and sa == sb:
            return SKELETON_SIM
        sim = _edit_similarity(sa, sb) * SKELETON_SIM if sa and sb else 0.0
        return sim if sim >= MIN_TOKEN_SIM else 0.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIM if a[0] == b[0] else 0.0
    sim = _edit_similarity(a, b, transliterated)
    if sim < PHONETIC_SIM and _VOWEL.search(a) and _VOWEL.search(b):
        ma, mb = metaphone_code(a), metaphone_code(b)
        if ma and ma == mb:
            sim = PHONETIC_SIM
    return sim if sim >= MIN_TOKEN_SIM else 0.0


def _edit_similarity(a: str, b: str, transliterated: bool = False) -> float:
    """One edit (incl. a transposition) in a 3+ letter word is a typo; two edits are plausible in long words;
    more edits make a different word, so the Indel ratio is discounted."""
    if a == b:
        return 1.0
    if len(a) >= 5 and len(b) >= 5:
        sa, sb = _stem(a), _stem(b)
        if (sa, sb) != (a, b):
            return max(_edits_to_similarity(a, b, transliterated), _edits_to_similarity(sa, sb, transliterated))
    return _edits_to_similarity(a, b, transliterated)


def _stem(token: str) -> str:
    """A plural ending removed ("technologies" -> "technology"), so that a typo elsewhere in the word is one edit."""
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def _edits_to_similarity(a: str, b: str, transliterated: bool) -> float:
    if a == b:
        return ONE_EDIT_SIM
    la, lb = len(a), len(b)
    if abs(la - lb) <= 2:
        edits = OSA.distance(a, b, score_cutoff=2)  # 3 means "more than two"
        shortest = min(la, lb)
        if edits == 1 and shortest >= 3:
            return ONE_EDIT_SIM
        if edits == 2 and shortest >= 6:
            return TWO_EDIT_SIM
    discount = 0.0 if transliterated else MULTI_EDIT_DISCOUNT
    # Below MIN_TOKEN_SIM the exact value does not matter (the token pair counts as unrelated), so rapidfuzz may
    # stop early.
    cutoff = MIN_TOKEN_SIM + discount
    if 2 * min(la, lb) / (la + lb) < cutoff:
        return 0.0
    return max(0.0, Indel.normalized_similarity(a, b, score_cutoff=cutoff) - discount)


def _weight(token: str) -> float:
    if token in _STOP or token in _PARTICLES:
        return STOP_WEIGHT
    if token in PLACE_WORDS:
        return PLACE_WEIGHT
    if token in WEAK_WORDS:
        return WEAK_WEIGHT
    return 1.0


def _weights(key: NameKey, other: NameKey) -> tuple[float, ...]:
    return _key_weights(key.tokens, key.places, bool(other.places))


@functools.lru_cache(maxsize=200_000)
def _key_weights(tokens: tuple[str, ...], places: frozenset[str], opposed: bool) -> tuple[float, ...]:
    out = []
    for token in tokens:
        if token in places:
            weight = PLACE_WEIGHT if opposed else PLACE_WEIGHT_UNOPPOSED
        else:
            weight = _weight(token)
        out.append(weight)
    return tuple(out)


def _legal_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return True
    return bool({LEGAL_FORM_GROUPS.get(x, x) for x in a} & {LEGAL_FORM_GROUPS.get(x, x) for x in b})


def _aligned(
    query: NameKey, candidate: NameKey, person: bool = False
) -> tuple[float, list[tuple[str, str, float]]]:
    qt, ct = query.tokens, candidate.tokens
    skeletal = query.skeletal or candidate.skeletal
    transliterated = query.origin != candidate.origin
    wq = _key_weights(qt, query.places, bool(candidate.places))
    wc = _key_weights(ct, candidate.places, bool(query.places))
    pairs = []
    for i, a in enumerate(qt):
        for j, b in enumerate(ct):
            sim = 1.0 if a == b else token_similarity(a, b, skeletal, transliterated)
            if sim > 0.0:
                pairs.append((-sim, i, j))
    pairs.sort()
    free_q = [True] * len(qt)
    free_c = [True] * len(ct)
    matched = 0.0
    total = 0.0
    alignment: list[tuple[str, str, float]] = []
    for negative, i, j in pairs:
        if free_q[i] and free_c[j]:
            free_q[i] = free_c[j] = False
            matched -= negative * (wq[i] + wc[j])
            total += wq[i] + wc[j]
            alignment.append((qt[i], ct[j], round(-negative, 4)))
    # Tokens left over on both sides contradict each other (a different surname, a different city); tokens
    # left over on one side only are extra detail (a middle name, "Group").
    extra_q, extra_c = (PERSON_EXTRA, PERSON_EXTRA) if person else (EXTRA_QUERY, EXTRA_RESULT)
    left_q = [i for i in range(len(qt)) if free_q[i]]
    left_c = [j for j in range(len(ct)) if free_c[j]]
    if not left_q or not left_c:
        total += extra_q * sum(wq[i] for i in left_q) + extra_c * sum(wc[j] for j in left_c)
    else:
        # Different places (an affiliate in another city) conflict less than different names.
        for places, factor in ((True, PLACE_CONFLICT_WEIGHT), (False, CONFLICT_WEIGHT)):
            rest_q = sorted((wq[i] for i in left_q if (qt[i] in query.places) == places), reverse=True)
            rest_c = sorted((wc[j] for j in left_c if (ct[j] in candidate.places) == places), reverse=True)
            conflicts = min(len(rest_q), len(rest_c))
            total += factor * (sum(rest_q[:conflicts]) + sum(rest_c[:conflicts]))
            total += extra_q * sum(rest_q[conflicts:]) + extra_c * sum(rest_c[conflicts:])
    return (matched / total if total else 0.0), alignment


@dataclass(frozen=True, slots=True)
class KeyComparison:
    """How one query reading compares with one list reading, before qualifiers."""

    score: float
    method: str  # exact | aligned | compact | acronym
    query: NameKey
    candidate: NameKey
    alignment: tuple[tuple[str, str, float], ...] = ()
    legal_compatible: bool = True
    numbers_conflict: bool = False


def compare_keys(query: NameKey, candidate: NameKey, person: bool = False) -> KeyComparison:
    """Compare two readings; ``person`` when the list entry is an individual (extra given names cost less)."""
    # Readings from the same script compare as they are; a romanised or translated reading costs its factor.
    factor = 1.0 if query.origin == candidate.origin else min(query.factor, candidate.factor)
    legal_ok = _legal_compatible(query.legal, candidate.legal)
    numbers_conflict = bool(query.numbers and candidate.numbers and not (query.numbers & candidate.numbers))
    if query.sorted_text == candidate.sorted_text or (
        query.compact == candidate.compact and len(query.compact) >= 4
    ):
        return KeyComparison(factor, "exact", query, candidate, (), legal_ok, numbers_conflict)
    aligned, alignment = _aligned(query, candidate, person)
    best, method = aligned, "aligned"
    if len(query.tokens) != len(candidate.tokens) and len(query.compact) >= 4 and len(candidate.compact) >= 4:
        compact = Indel.normalized_similarity(query.compact, candidate.compact) - COMPACT_MARGIN
        if query.skeletal or candidate.skeletal:
            sq, sc = skeleton(query.compact), skeleton(candidate.compact)
            if sq and sq == sc:
                compact = max(compact, SKELETON_SIM - COMPACT_MARGIN)
        if compact > best:
            best, method = compact, "compact"
    if ACRONYM_SCORE > best:
        acronym = ""
        if len(query.tokens) == 1 and query.compact in (candidate.acronym, candidate.acronym_legal):
            acronym = query.compact
        elif len(candidate.tokens) == 1 and candidate.compact in (query.acronym, query.acronym_legal):
            acronym = candidate.compact
        if len(acronym) >= 3:
            value = ACRONYM_SCORE if len(acronym) >= 4 else SHORT_ACRONYM_SCORE
            if value > best:
                best, method = value, "acronym"
    return KeyComparison(
        max(0.0, min(1.0, best * factor)), method, query, candidate, tuple(alignment), legal_ok, numbers_conflict
    )


def qualified_value(comparison: KeyComparison, query_country: str | None, entry_countries: tuple[str, ...]) -> float:
    """The final score only (the fast path used to rank candidates); equals ``qualified_score(...)[0]``."""
    score = comparison.score
    if not comparison.legal_compatible:
        score -= LEGAL_MISMATCH
    if comparison.numbers_conflict:
        score -= NUMBER_MISMATCH
    if query_country and entry_countries and query_country not in entry_countries and comparison.method != "exact":
        score -= COUNTRY_MISMATCH
    return round(max(0.0, min(1.0, score)), 4)


def qualified_score(
    comparison: KeyComparison, query_country: str | None, entry_countries: tuple[str, ...]
) -> tuple[float, dict[str, dict[str, Any]]]:
    """Apply the qualifiers to a comparison: (final score, explanation ``{feature: {score, detail}}``)."""
    explanation: dict[str, dict[str, Any]] = {
        "name": {
            "score": round(comparison.score, 4),
            "detail": {
                "method": comparison.method,
                "query_reading": " ".join(comparison.query.tokens),
                "query_origin": comparison.query.origin,
                "matched_reading": " ".join(comparison.candidate.tokens),
                "aligned_tokens": [list(a) for a in comparison.alignment],
            },
        }
    }
    if comparison.query.legal or comparison.candidate.legal:
        explanation["legal_form"] = {
            "score": 0.0 if comparison.legal_compatible else -LEGAL_MISMATCH,
            "detail": f"{sorted(comparison.query.legal)} vs {sorted(comparison.candidate.legal)}"
            + ("" if comparison.legal_compatible else " (different families)"),
        }
    if comparison.numbers_conflict:
        explanation["number_mismatch"] = {
            "score": -NUMBER_MISMATCH,
            "detail": f"{sorted(comparison.query.numbers)} vs {sorted(comparison.candidate.numbers)}",
        }
    if query_country and entry_countries:
        if query_country in entry_countries:
            explanation["country"] = {"score": 0.0, "detail": f"{query_country} is among {list(entry_countries)}"}
        elif comparison.method != "exact":
            explanation["country"] = {
                "score": -COUNTRY_MISMATCH,
                "detail": f"{query_country} is not among {list(entry_countries)}",
            }
        else:
            explanation["country"] = {
                "score": 0.0,
                "detail": f"{query_country} is not among {list(entry_countries)} (not applied to an exact name)",
            }
    return qualified_value(comparison, query_country, entry_countries), explanation


def best_comparison(
    query_keys: tuple[NameKey, ...], candidate_keys: tuple[NameKey, ...], person: bool = False
) -> KeyComparison | None:
    best: KeyComparison | None = None
    for q in query_keys:
        for c in candidate_keys:
            comparison = compare_keys(q, c, person)
            if best is None or comparison_rank(comparison) > comparison_rank(best):
                best = comparison
    return best


def comparison_rank(comparison: KeyComparison) -> tuple[float, int, int]:
    """Order of comparisons of one entry: best qualified name score, then exact, then the shorter list name."""
    penalty = (0 if comparison.legal_compatible else LEGAL_MISMATCH) + (
        NUMBER_MISMATCH if comparison.numbers_conflict else 0
    )
    return (comparison.score - penalty, comparison.method == "exact", -len(comparison.candidate.tokens))


def is_person_type(entry_type: str | None) -> bool:
    return (entry_type or "").strip().lower() in {"person", "individual"}


def score_name_pair(name1: str, name2: str, schema: str | None = None) -> tuple[float, dict[str, dict[str, Any]]]:
    """Score two free-text names (no country): the basis of ``score-pairs`` and the evaluation. ``schema``
    "Person" (FollowTheMoney) or "Individual" (CSL) scores them as personal names."""
    keys1, keys2 = analyse_name(name1), analyse_name(name2)
    if not keys1 or not keys2:
        return 0.0, {"name": {"score": 0.0, "detail": "a name has no letters or digits"}}
    comparison = best_comparison(keys1, keys2, is_person_type(schema))
    assert comparison is not None
    return qualified_score(comparison, None, ())

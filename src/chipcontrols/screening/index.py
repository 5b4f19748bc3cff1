"""The candidate index: finds the few list names worth scoring for a query, without scanning all of them.

Every reading (``NameKey``) of every name and alias of every entry is indexed by:

- its token multiset (``sorted_text``) and its spaceless form (``compact``): exact and alias matches;
- each token, and each pair of adjacent tokens joined ("hua wei" -> "huawei"): token blocking;
- the one-edit deletion neighbourhood of each such token (typos, SymSpell style) and its metaphone code
  (phonetic blocking), for tokens of 4+ characters; looked up for query words that are unknown or very rare;
- consonant skeletons (names romanised from Arabic, Hebrew, Thai);
- acronyms of 3+ word names, and one-word names (to meet a query's acronym).

A query collects candidates through these keys, ranks them by the summed rarity of what they share (rarest words
first, within a budget of ``POSTING_BUDGET`` postings; a word on more than ``COMMON_POSTINGS`` names only when
nothing rarer matched) and only the top
``MAX_CANDIDATES`` (with at least ``MIN_VOTE_SHARE`` of the best one's votes) are scored by the matcher.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field

from chipcontrols.screening.matcher import metaphone_code
from chipcontrols.screening.model import ListEntry
from chipcontrols.screening.normalise import NameKey, analyse_name, skeleton

__all__ = ["CandidateIndex", "IndexedKey", "deletes"]

COMMON_POSTINGS = 2000
POSTING_BUDGET = 4000
MAX_CANDIDATES = 32
FUZZY_BELOW_POSTINGS = 3
MIN_VOTE_SHARE = 0.3
MIN_FUZZY_LENGTH = 4


def deletes(token: str) -> set[str]:
    """The token's one-character deletions (its SymSpell neighbourhood of distance 1)."""
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


@dataclass(frozen=True, slots=True)
class IndexedKey:
    entry: int  # index into entries
    name: str  # the list name (primary or alias) this reading comes from
    key: NameKey


@dataclass(slots=True)
class CandidateIndex:
    entries: tuple[ListEntry, ...]
    keys: list[IndexedKey] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    compact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    tokens: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    token_deletes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    phonetic: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    joins: set[str] = field(default_factory=set)
    skeletons: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    acronyms: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    idf: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: tuple[ListEntry, ...]) -> CandidateIndex:
        index = cls(entries=entries)
        for entry_number, entry in enumerate(entries):
            for name in entry.names:
                for key in analyse_name(name):
                    index._add(IndexedKey(entry_number, name, key))
        for token in list(index.tokens):
            if len(token) >= MIN_FUZZY_LENGTH and not token.isdigit():
                index.token_deletes[token].append(token)
                if token in index.joins:
                    continue  # joined pairs are found by their own spelling or by one deletion of the query
                for deleted in deletes(token):
                    index.token_deletes[deleted].append(token)
                code = metaphone_code(token)
                if len(code) >= 2:
                    index.phonetic[code].append(token)
        index.joins = set()
        total = max(1, len(index.keys))
        index.idf = {t: math.log(1 + total / len(p)) for t, p in index.tokens.items()}
        index.exact = dict(index.exact)
        index.compact = dict(index.compact)
        index.tokens = dict(index.tokens)
        index.token_deletes = dict(index.token_deletes)
        index.phonetic = dict(index.phonetic)
        index.skeletons = dict(index.skeletons)
        index.acronyms = dict(index.acronyms)
        return index

    def _add(self, indexed: IndexedKey) -> None:
        key_id = len(self.keys)
        self.keys.append(indexed)
        key = indexed.key
        self.exact[key.sorted_text].append(key_id)
        self.compact[key.compact].append(key_id)
        seen: set[str] = set()
        for token in key.tokens:
            if token not in seen:
                seen.add(token)
                self.tokens[token].append(key_id)
        for left, right in zip(key.tokens, key.tokens[1:]):
            joined = left + right
            if joined not in seen:
                seen.add(joined)
                if joined not in self.tokens:
                    self.joins.add(joined)
                self.tokens[joined].append(key_id)
        for token in key.tokens:
            sk = skeleton(token)
            if len(sk) >= 2:
                self.skeletons[sk].append(key_id)
        for acronym in {key.acronym, key.acronym_legal}:
            if acronym:
                self.acronyms[acronym].append(key_id)
        if len(key.tokens) == 1 and 3 <= len(key.compact) <= 8:
            self.acronyms["=" + key.compact].append(key_id)

    @property
    def name_count(self) -> int:
        return sum(len(e.names) for e in self.entries)

    def _similar_tokens(self, token: str) -> set[str]:
        found: set[str] = set()
        if len(token) >= MIN_FUZZY_LENGTH and not token.isdigit():
            for candidate in (token, *deletes(token)):
                found.update(self.token_deletes.get(candidate, ()))
            code = metaphone_code(token)
            if len(code) >= 2:
                found.update(self.phonetic.get(code, ()))
        found.discard(token)
        return found

    def exact_candidates(self, query: NameKey) -> list[int]:
        ids = list(self.exact.get(query.sorted_text, ()))
        if len(query.compact) >= 4:
            ids.extend(self.compact.get(query.compact, ()))
        return ids

    def candidates(self, query_keys: tuple[NameKey, ...], limit: int = MAX_CANDIDATES) -> list[int]:
        """Key ids worth scoring for these query readings, best first (exact matches always included)."""
        exact: list[int] = []
        votes: dict[int, float] = defaultdict(float)
        for query in query_keys:
            exact.extend(self.exact_candidates(query))
            lookups: list[tuple[str, float]] = []
            for token in query.tokens:
                lookups.append((token, 1.0))
                if len(self.tokens.get(token, ())) < FUZZY_BELOW_POSTINGS:
                    # An unknown or very rare word is probably misspelt: look up its spelling neighbours too.
                    for similar in self._similar_tokens(token):
                        lookups.append((similar, 0.8))
            for left, right in zip(query.tokens, query.tokens[1:]):
                lookups.append((left + right, 1.0))
            # Rarest words first, until the posting budget is spent: names sharing the rare words are the ones
            # worth scoring, and a very common word ("technology") adds little but costs a lot.
            found = sorted(
                ((len(self.tokens[t]), t, w) for t, w in set(lookups) if t in self.tokens), key=lambda x: (x[0], x[1])
            )
            spent = 0
            for count, token, weight in found:
                if spent and (count > COMMON_POSTINGS or spent + count > POSTING_BUDGET):
                    break
                spent += count
                gain = weight * self.idf.get(token, 0.0)
                for key_id in self.tokens[token]:
                    votes[key_id] += gain
            if query.skeletal:
                for token in query.tokens:
                    sk = skeleton(token)
                    postings = self.skeletons.get(sk, ())
                    if 0 < len(postings) <= COMMON_POSTINGS:
                        for key_id in postings:
                            votes[key_id] += 1.0
            if len(query.tokens) == 1 and 3 <= len(query.compact) <= 8:
                for key_id in self.acronyms.get(query.compact, ()):
                    votes[key_id] += 5.0
            for acronym in {query.acronym, query.acronym_legal}:
                if acronym:
                    for key_id in self.acronyms.get("=" + acronym, ()):
                        votes[key_id] += 5.0
        ranked: list[tuple[float, int]] = []
        if votes:
            floor = max(votes.values()) * MIN_VOTE_SHARE
            ranked = heapq.nlargest(limit, [(v, -k) for k, v in votes.items() if v >= floor])
        seen: set[int] = set()
        out: list[int] = []
        for key_id in [*exact, *(-k for _, k in ranked)]:
            if key_id not in seen:
                seen.add(key_id)
                out.append(key_id)
        return out

"""Fuzzy name search over every name of every person.

The folded, token-sorted keys (PersonName.search_key) are held in memory per process; folding
(lantern.people.names) handles diacritics, scripts and swapped names, rapidfuzz handles typos.

Scoring every name for every search costs hundreds of milliseconds at national scale (380,000
names), so the search blocks first: the query's words are matched fuzzily against the
vocabulary of distinct words (a few thousand to a hundred thousand), and only names containing
one of the similar words are scored in full. A name with no word close to any word of the query
cannot reach the threshold anyway. See docs/decisions/0002-name-search.md.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max
from rapidfuzz import fuzz, process

from lantern.people.models import PersonName
from lantern.people.names import search_key

# Scores (0-100) at or above this count as a match. A one-letter typo in a 12-letter name scores
# about 92; a different person with a similar name usually under 80.
MATCH_THRESHOLD = 82
# A word of the query and a word of a name are "similar" from this score: looser than the name
# threshold, so that a word with two typos still brings its names in to be scored in full.
WORD_THRESHOLD = 70
WORDS_PER_QUERY_WORD = 60


@dataclass(frozen=True)
class NameMatch:
    person_id: int
    score: float
    name_id: int


class _NameIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: int | None = -1
        self._keys: list[str] = []
        self._person_ids: list[int] = []
        self._name_ids: list[int] = []
        self._vocabulary: list[str] = []
        self._names_by_word: dict[str, list[int]] = {}
        self._names_by_joined_words: dict[str, list[int]] = {}

    def forget(self) -> None:
        """Reload on the next search. For tests: a rolled-back transaction lets SQLite hand the same
        ids to different names, which the highest-id stamp cannot tell apart."""
        with self._lock:
            self._stamp = -1

    def _current_stamp(self) -> int | None:
        # Names are added, never deleted or re-keyed (decision 0002), so the highest id tells
        # whether the index is current; it is one index look-up.
        top: int | None = PersonName.objects.aggregate(top=Max("id"))["top"]
        return top

    def _ensure_loaded(self) -> None:
        stamp = self._current_stamp()
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            rows = PersonName.objects.order_by("id").values_list("id", "person_id", "search_key")
            name_ids, person_ids, keys = [], [], []
            names_by_word: defaultdict[str, list[int]] = defaultdict(list)
            names_by_joined_words: defaultdict[str, list[int]] = defaultdict(list)
            for index, (name_id, person_id, key) in enumerate(rows.iterator(chunk_size=20000)):
                name_ids.append(name_id)
                person_ids.append(person_id)
                keys.append(key)
                words = key.split()
                for word in words:
                    names_by_word[word].append(index)
                if len(words) > 1:
                    # Names typed as one word ("阮文" folds to "ruanwen"; "Nguyenvan").
                    names_by_joined_words["".join(words)].append(index)
                    names_by_joined_words["".join(reversed(words))].append(index)
            self._name_ids, self._person_ids, self._keys = name_ids, person_ids, keys
            self._names_by_word = dict(names_by_word)
            self._names_by_joined_words = dict(names_by_joined_words)
            self._vocabulary = list(self._names_by_word)
            self._stamp = stamp

    def _candidates(self, key: str) -> list[int]:
        words = key.split()
        found: set[int] = set(self._names_by_joined_words.get(key.replace(" ", ""), ()))
        for probe in set(words):
            for word, _score, _ in process.extract(
                probe,
                self._vocabulary,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=WORD_THRESHOLD,
                limit=WORDS_PER_QUERY_WORD,
            ):
                found.update(self._names_by_word[word])
        return sorted(found)

    def search(self, query: str, limit: int = 200) -> list[NameMatch]:
        """Best match per person, best first."""
        key = search_key(query)
        if not key:
            return []
        self._ensure_loaded()
        candidates = self._candidates(key)
        if not candidates:
            return []
        keys = [self._keys[i] for i in candidates]
        # Whole-name similarity (typos, transliteration variants), plus, for a query of two or
        # more words, all of them inside a longer name (two of someone's three names).
        hits = process.extract(key, keys, scorer=fuzz.ratio, processor=None, score_cutoff=MATCH_THRESHOLD, limit=None)
        if " " in key and len(key) >= 8:
            hits += process.extract(
                key,
                keys,
                scorer=fuzz.token_set_ratio,
                processor=None,
                score_cutoff=MATCH_THRESHOLD + 6,
                limit=None,
            )
        best: dict[int, NameMatch] = {}
        for _key, score, position in hits:
            index = candidates[position]
            person_id = self._person_ids[index]
            if person_id not in best or score > best[person_id].score:
                best[person_id] = NameMatch(person_id, score, self._name_ids[index])
        return sorted(best.values(), key=lambda m: -m.score)[:limit]


name_index = _NameIndex()


def find_people(query: str, limit: int = 200) -> list[NameMatch]:
    return name_index.search(query, limit=limit)

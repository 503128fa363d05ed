"""Fuzzy name search over every name of every person.

The folded, token-sorted keys (PersonName.search_key) are held in memory per process and scored
with rapidfuzz, which handles typos; folding (lantern.people.names) handles diacritics, scripts
and swapped names. About 300,000 names at national scale take a few tens of MB and are scored in
tens of milliseconds. The index reloads when names are added (the highest id or the count
changes). See docs/decisions/0002-name-search.md.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max
from rapidfuzz import fuzz, process

from lantern.people.models import PersonName
from lantern.people.names import search_key

# Scores (0-100) at or above this count as a match. Tuned on the demo data: a one-letter typo in
# a 12-letter name scores about 92; a different person with a similar name usually under 80.
MATCH_THRESHOLD = 82


@dataclass(frozen=True)
class NameMatch:
    person_id: int
    score: float
    name_id: int


class _NameIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[int | None, int] | None = None
        self._keys: list[str] = []
        self._person_ids: list[int] = []
        self._name_ids: list[int] = []

    def _current_stamp(self) -> tuple[int | None, int]:
        agg = PersonName.objects.aggregate(top=Max("id"), n=Count("id"))
        return agg["top"], agg["n"]

    def _ensure_loaded(self) -> None:
        stamp = self._current_stamp()
        if stamp == self._stamp:
            return
        with self._lock:
            if stamp == self._stamp:
                return
            rows = PersonName.objects.order_by("id").values_list("id", "person_id", "search_key")
            name_ids, person_ids, keys = [], [], []
            for name_id, person_id, key in rows.iterator(chunk_size=20000):
                name_ids.append(name_id)
                person_ids.append(person_id)
                keys.append(key)
            self._name_ids, self._person_ids, self._keys = name_ids, person_ids, keys
            self._stamp = stamp

    def search(self, query: str, limit: int = 200) -> list[NameMatch]:
        """Best match per person, best first."""
        key = search_key(query)
        if not key:
            return []
        self._ensure_loaded()
        # Whole-name similarity (typos, transliteration variants), plus, for a query of two or
        # more names, a match of all of them inside a longer name (two of someone's three names).
        hits = process.extract(
            key, self._keys, scorer=fuzz.ratio, processor=None, score_cutoff=MATCH_THRESHOLD, limit=limit * 3
        )
        if " " in key and len(key) >= 8:
            hits += process.extract(
                key,
                self._keys,
                scorer=fuzz.token_set_ratio,
                processor=None,
                score_cutoff=MATCH_THRESHOLD + 6,
                limit=limit * 3,
            )
        best: dict[int, NameMatch] = {}
        for _key, score, index in hits:
            person_id = self._person_ids[index]
            if person_id not in best or score > best[person_id].score:
                best[person_id] = NameMatch(person_id, score, self._name_ids[index])
        return sorted(best.values(), key=lambda m: -m.score)[:limit]


name_index = _NameIndex()


def find_people(query: str, limit: int = 200) -> list[NameMatch]:
    return name_index.search(query, limit=limit)

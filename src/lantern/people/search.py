"""Fuzzy name search over every name of every person, inside the database engine.

Folding (lantern.people.names) handles diacritics, scripts and swapped names; rapidfuzz handles
typos. The app server holds no state: every search asks the database, so a name written through
one server is found through any other at once (decision 0002).

A search blocks first, as it did when the index lived in memory: each word of the query is
matched against the vocabulary of distinct words (people_nameword, written by database triggers)
through a trigram index (pg_trgm on PostgreSQL, an FTS5 trigram table on SQLite), and the nearest
words are kept by rapidfuzz's `ratio`. Then the names holding a similar word for every word of the
query (or, failing that, for any word) come from a word index (a GIN tsvector index on
PostgreSQL, an FTS5 table on SQLite), with the names whose joined words equal a one-word query
("ruanwen" for "ruan wen"), and only those are scored in full with the same rules as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Replace
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
# How many vocabulary words the trigram index hands over per query word, nearest first, for
# rapidfuzz to keep WORDS_PER_QUERY_WORD of.
TRIGRAM_CANDIDATES = 400
# pg_trgm similarity floor for a vocabulary word to be considered: low, because a transposition
# in a short word ("ngyuen" for "nguyen", similarity 0.27) still scores `ratio` 83.
TRIGRAM_SIMILARITY = 0.15
# When no name holds a similar word for every word of the query, names holding any of them are
# scored instead, at most this many.
ANY_WORD_LIMIT = 20000


@dataclass(frozen=True)
class NameMatch:
    person_id: int
    score: float
    name_id: int


Row = tuple[int, int, str]  # name id, person id, search key


def _trigrams(word: str) -> list[str]:
    padded = f" {word} "
    return sorted({padded[i : i + 3] for i in range(len(padded) - 2)})


def _nearby_words(word: str) -> list[str]:
    """Vocabulary words sharing trigrams with `word`, nearest first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(TRIGRAM_SIMILARITY)])
                cursor.execute(
                    "SELECT word FROM people_nameword WHERE word %% %s ORDER BY word <-> %s LIMIT %s",
                    [word, word, TRIGRAM_CANDIDATES],
                )
                return [row[0] for row in cursor.fetchall()]
        # FTS5: any trigram of the padded word, best bm25 first (rare trigrams weigh more).
        match = " OR ".join(f'"{trigram}"' for trigram in _trigrams(word))
        cursor.execute(
            "SELECT w.word FROM people_nameword_trigrams t JOIN people_nameword w ON w.id = t.rowid "
            "WHERE people_nameword_trigrams MATCH %s ORDER BY t.rank LIMIT %s",
            [match, TRIGRAM_CANDIDATES],
        )
        return [row[0] for row in cursor.fetchall()]


def similar_words(word: str) -> list[str]:
    """The vocabulary words `ratio`-similar to `word` (at least WORD_THRESHOLD), best first."""
    nearby = _nearby_words(word)
    kept = process.extract(
        word, nearby, scorer=fuzz.ratio, processor=None, score_cutoff=WORD_THRESHOLD, limit=WORDS_PER_QUERY_WORD
    )
    return [found for found, _score, _ in kept]


def _names_with_words(groups: list[list[str]], every: bool, limit: int | None) -> list[Row]:
    """Names holding a word of each group (every=True) or of any group."""
    join = " & " if every else " | "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Words are a-z only (people.names.fold): safe as tsquery terms.
            query = join.join("(" + " | ".join(group) + ")" for group in groups)
            sql = (
                "SELECT id, person_id, search_key FROM people_personname "
                "WHERE to_tsvector('simple'::regconfig, search_key) @@ to_tsquery('simple'::regconfig, %s)"
            )
        else:
            query = (" AND " if every else " OR ").join(
                "(" + " OR ".join(f'"{word}"' for word in group) + ")" for group in groups
            )
            sql = (
                "SELECT n.id, n.person_id, n.search_key FROM people_personname_words f "
                "JOIN people_personname n ON n.id = f.rowid WHERE people_personname_words MATCH %s"
            )
        params: list[str | int] = [query]
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        cursor.execute(sql, params)
        return [(int(r[0]), int(r[1]), str(r[2])) for r in cursor.fetchall()]


def _names_joined(key: str) -> Iterable[Row]:
    """Names whose words, joined, equal a one-word query (indexed: people_name_joined_key)."""
    names = PersonName.objects.annotate(joined=Replace("search_key", Value(" "), Value(""))).filter(joined=key)
    return names.values_list("id", "person_id", "search_key")


def candidates(key: str) -> list[Row]:
    """The names worth scoring in full for a folded query key."""
    groups = [similar_words(word) for word in sorted(set(key.split()))]
    found: dict[int, Row] = {}
    if " " not in key:
        found.update((row[0], row) for row in _names_joined(key))
    groups = [group for group in groups if group]
    if groups:
        rows = _names_with_words(groups, every=True, limit=None)
        if not rows and len(groups) > 1:
            rows = _names_with_words(groups, every=False, limit=ANY_WORD_LIMIT)
        found.update((row[0], row) for row in rows)
    return [found[name_id] for name_id in sorted(found)]


def find_people(query: str, limit: int = 200) -> list[NameMatch]:
    """Best match per person, best first."""
    key = search_key(query)
    if not key:
        return []
    rows = candidates(key)
    if not rows:
        return []
    keys = [row[2] for row in rows]
    # Whole-name similarity (typos, transliteration variants), plus, for a query of two or more
    # words, all of them inside a longer name (two of someone's three names).
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
        name_id, person_id, _ = rows[position]
        if person_id not in best or score > best[person_id].score:
            best[person_id] = NameMatch(person_id, score, name_id)
    return sorted(best.values(), key=lambda m: -m.score)[:limit]

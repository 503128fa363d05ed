"""Name search inside the database: typos, scripts, word order, short queries, and names written by
any path (the ORM, bulk inserts, raw SQL) found at once, with nothing held in the process."""

from __future__ import annotations

import pytest
from django.db import connection
from tests.factories import person

from lantern.people.models import NameWord, Person, PersonName
from lantern.people.names import search_key
from lantern.people.search import MATCH_THRESHOLD, candidates, find_people, similar_words


def _found(query: str) -> list[int]:
    return [match.person_id for match in find_people(query)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "Ilze Bērziņa",  # exact
        "Ilze Berzina",  # no diacritics
        "Berzina Ilze",  # family name first
        "Ilze Bezrina",  # two letters swapped
        "Ilze Berziņa",  # one diacritic of two
        "Илзе Берзиня",  # Cyrillic, as she would write it
    ],
)
def test_a_name_in_any_spelling_is_found(query: str) -> None:
    ilze = person("Ilze", "Bērziņa", extra_names=(("Илзе", "Берзиня", PersonName.Kind.ORIGINAL_SCRIPT),))
    person("Anna", "Smith")
    assert _found(query) == [ilze.pk]


@pytest.mark.django_db
def test_the_exact_name_scores_100_and_ranks_first() -> None:
    exact = person("Ilze", "Bērziņa")
    near = person("Ilze", "Bērziņš")
    matches = find_people("Ilze Bērziņa")
    assert matches[0].person_id == exact.pk
    assert matches[0].score == 100
    assert near.pk in [m.person_id for m in matches]
    assert all(m.score >= MATCH_THRESHOLD for m in matches)


@pytest.mark.django_db
def test_two_of_three_names_find_the_person() -> None:
    bekele = person("Selam Tesfaye", "Bekele")
    assert _found("Selam Bekele") == [bekele.pk]


@pytest.mark.django_db
def test_a_name_typed_as_one_word_finds_its_words() -> None:
    ruan = person("阮", "文")  # folds to "ruan wen"
    assert search_key("阮文") == "ruanwen"
    assert _found("阮文") == [ruan.pk]
    assert _found("Ruanwen") == [ruan.pk]


@pytest.mark.django_db
def test_short_queries_match_whole_short_names_only() -> None:
    """One or two letters: today's rule (the whole name scored) is kept: "Li" finds a person
    called Li, not every name with Li in it."""
    li = person("Li", "")
    person("Li", "Wei")
    person("Lin", "Lee")
    assert _found("Li") == [li.pk]
    assert _found("li ") == [li.pk]
    assert _found("L") == []
    assert _found("Q") == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", "42", "--", "'"])
def test_a_query_with_no_letters_finds_nobody(query: str) -> None:
    person("Anna", "Smith")
    assert find_people(query) == []


@pytest.mark.django_db
def test_a_different_person_with_a_similar_name_is_not_a_match() -> None:
    person("Anna", "Smith")
    assert _found("Hanna Schmidt") == []


@pytest.mark.django_db
def test_the_vocabulary_is_written_by_the_database() -> None:
    person("Ilze", "Bērziņa")
    assert set(NameWord.objects.values_list("word", flat=True)) >= {"ilze", "berzina"}
    assert similar_words("bezrina") == ["berzina"]


@pytest.mark.django_db
def test_names_written_in_bulk_or_by_raw_sql_are_found_at_once() -> None:
    """The demo generator writes names with bulk inserts, executemany and COPY: the database's own
    triggers index them, so no rebuild step is needed."""
    bulk, raw = Person.objects.create(), Person.objects.create()
    PersonName.objects.bulk_create(
        [PersonName(person=bulk, given_names="Dritan", family_name="Hoxha", search_key=search_key("Dritan Hoxha"))]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO people_personname (person_id, kind, given_names, family_name, script, "primary", search_key)'
            " VALUES (%s, 'as_written', 'Tran', 'Thi Mai', 'Latn', true, %s)",
            [raw.pk, search_key("Tran Thi Mai")],
        )
    assert _found("Dritan Hohxa") == [bulk.pk]
    assert _found("Tran Thi Mia") == [raw.pk]


@pytest.mark.django_db
def test_a_corrected_key_is_searched_under_its_new_words() -> None:
    mira = person("Mira", "Kovac")
    PersonName.objects.filter(person=mira).update(search_key=search_key("Mira Novak"))
    assert _found("Mira Novak") == [mira.pk]
    assert _found("Mira Kovac") == []


@pytest.mark.django_db
def test_names_holding_every_word_come_first_then_any_word() -> None:
    """Candidates are the names holding a word like each word of the query; when none holds all,
    names holding any are scored (the rule of the in-memory index)."""
    both = person("Arben", "Krasniqi")
    person("Arben", "Gashi")
    person("Drita", "Krasniqi")
    assert [row[0] for row in candidates(search_key("Arben Krasniqi"))] == [both.names.get().pk]
    assert len(candidates(search_key("Arben Zzzzzz"))) == 2

"""Given and family names for synthetic persons, by nationality (ISO 3166 alpha-2).

Names are common names of each country, so that no synthetic person is a real one by design.
Latin-script nationalities keep their diacritics (Bērziņa, Nguyễn, Horváthová). For nationalities
written in another script each name is a triple: (original script, Latin as usually written in
English documents, another Latin transliteration seen in practice), e.g. ("Юлия", "Yuliya",
"Iuliia"). Family names that change with sex are (male form, female form) pairs; Lithuanian
women's names have a married and an unmarried form. British names come from Faker (en_GB) in
lantern.demo.persons.

Eritrean and Sudanese names follow the patronymic pattern: the "family name" is the father's name.
Chinese and Vietnamese names are written family name first in their own order; Lantern stores given
and family names apart, so order does not matter for matching.
"""

from __future__ import annotations

from typing import NamedTuple

# A name written in a non-Latin script: (original, Latin as written, another transliteration).
Scripted = tuple[str, str, str]


class NonLatinNames(NamedTuple):
    script: str  # ISO 15924 code of the original script
    male: tuple[Scripted, ...]
    female: tuple[Scripted, ...]
    family: tuple[tuple[Scripted, Scripted], ...]  # (male form, female form)


class LatinNames(NamedTuple):
    male: tuple[str, ...]
    female: tuple[str, ...]
    # (male form, female form or forms separated by "|")
    family: tuple[tuple[str, str], ...]


def _same(*names: Scripted) -> tuple[tuple[Scripted, Scripted], ...]:
    """Family names that do not change with sex."""
    return tuple((name, name) for name in names)


def _ru_family(*names: Scripted) -> tuple[tuple[Scripted, Scripted], ...]:
    """Russian -ov/-ev/-in surnames: the female form adds -a."""
    return tuple((name, (name[0] + "а", name[1] + "a", name[2] + "a")) for name in names)


# Street names and nicknames that turn up as aliases (mostly of suspects).
NICKNAMES: tuple[str, ...] = (
    "Tiny",
    "Smokey",
    "Jay",
    "Kay-Dee",
    "Ghost",
    "Rambo",
    "Boss",
    "Uncle",
    "Lucky",
    "Blade",
    "Sasha",
    "Dima",
    "Toni",
    "Mr Lee",
    "Big Man",
    "Shorty",
    "Prince",
    "Nico",
    "Mama",
    "Kiki",
)

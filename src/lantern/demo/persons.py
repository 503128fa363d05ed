"""Synthetic persons: names in every spelling, dates of birth or estimated ages, languages.

Every random choice comes from the `random.Random` passed in, so the same seed gives the same
persons. British names come from pools drawn once from a seeded Faker (en_GB).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from faker import Faker

from lantern.demo import calibration as cal
from lantern.demo.names_data import NICKNAMES
from lantern.demo.names_latin import LATIN
from lantern.demo.names_non_latin import NON_LATIN
from lantern.people.models import LanguageSkill, Person, PersonName, Sex
from lantern.people.names import detect_script, search_key

Kind = PersonName.Kind


def strip_diacritics(text: str) -> str:
    """'Bērziņa' -> 'Berzina', as names are often typed in English-language records."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("Đ", "D").replace("đ", "d").replace("Ł", "L").replace("ł", "l")


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


@dataclass
class BritishPools:
    male: list[str]
    female: list[str]
    family: list[str]

    @classmethod
    def from_faker(cls, fake: Faker) -> BritishPools:
        return cls(
            male=[fake.first_name_male() for _ in range(300)],
            female=[fake.first_name_female() for _ in range(300)],
            family=[fake.last_name() for _ in range(500)],
        )


@dataclass
class PersonSpec:
    """A person not yet saved, with the rows that hang off it."""

    person: Person
    nationality: str
    child: bool
    age: int
    female: bool
    referred: bool = False  # has an NRM referral already
    names: list[PersonName] = field(default_factory=list)
    languages: list[LanguageSkill] = field(default_factory=list)


def _name(kind: str, given: str, family: str, primary: bool = False) -> PersonName:
    return PersonName(
        kind=kind,
        given_names=given,
        family_name=family,
        script=detect_script(f"{given} {family}"),
        primary=primary,
        search_key=search_key(given, family),
    )


class PersonFactory:
    def __init__(self, british: BritishPools) -> None:
        self.british = british

    # --- names --------------------------------------------------------------------------------

    def _latin_name(self, rng: random.Random, nationality: str, female: bool) -> tuple[str, str]:
        if nationality not in LATIN:
            pool = self.british.female if female else self.british.male
            given = rng.choice(pool)
            if rng.random() < 0.2:
                given = f"{given} {rng.choice(pool)}"
            return given, rng.choice(self.british.family)
        names = LATIN[nationality]
        given = rng.choice(names.female if female else names.male)
        male_family, female_family = rng.choice(names.family)
        family = rng.choice(female_family.split("|")) if female else male_family
        return given, family

    def names_for(self, rng: random.Random, nationality: str, female: bool, suspect: bool) -> list[PersonName]:
        names: list[PersonName] = []
        if nationality in NON_LATIN:
            data = NON_LATIN[nationality]
            g_orig, g_latin, g_alt = rng.choice(data.female if female else data.male)
            male_family, female_family = rng.choice(data.family)
            f_orig, f_latin, f_alt = female_family if female else male_family
            names.append(_name(Kind.AS_WRITTEN, g_latin, f_latin, primary=True))
            if rng.random() < 0.85:
                names.append(_name(Kind.ORIGINAL_SCRIPT, g_orig, f_orig))
            if (g_alt, f_alt) != (g_latin, f_latin) and rng.random() < 0.75:
                names.append(_name(Kind.TRANSLITERATION, g_alt, f_alt))
        else:
            given, family = self._latin_name(rng, nationality, female)
            names.append(_name(Kind.AS_WRITTEN, given, family, primary=True))
            plain_given, plain_family = strip_diacritics(given), strip_diacritics(family)
            if (plain_given, plain_family) != (given, family) and rng.random() < 0.4:
                names.append(_name(Kind.AS_WRITTEN, plain_given, plain_family))
        if len(names) < 3 and rng.random() < (0.3 if suspect else 0.08):
            if rng.random() < 0.5:
                names.append(_name(Kind.NICKNAME, rng.choice(NICKNAMES), ""))
            else:
                alias_nationality = nationality if rng.random() < 0.7 else weighted(rng, cal.SUSPECT_NATIONALITY)
                if alias_nationality in NON_LATIN:
                    data = NON_LATIN[alias_nationality]
                    given = rng.choice(data.female if female else data.male)[1]
                    family_pair = rng.choice(data.family)
                    family = (family_pair[1] if female else family_pair[0])[1]
                else:
                    given, family = self._latin_name(rng, alias_nationality, female)
                names.append(_name(Kind.ALIAS, given, family))
        return names

    # --- languages ----------------------------------------------------------------------------

    def languages_for(self, rng: random.Random, nationality: str) -> tuple[list[LanguageSkill], bool]:
        """Language rows and whether an interpreter is needed."""
        options = cal.FIRST_LANGUAGES.get(nationality, (("en", "", 1.0),))
        language, dialect, _ = rng.choices(options, weights=[o[2] for o in options])[0]
        if language == "en":
            return [LanguageSkill(language="en", level=LanguageSkill.Level.FIRST)], False
        if dialect and rng.random() < 0.3:
            dialect = ""  # not always asked
        fluent, some, little = cal.ENGLISH_LEVELS.get(nationality, (0.3, 0.4, 0.3))
        english = rng.choices(
            [LanguageSkill.Level.FLUENT, LanguageSkill.Level.SOME, LanguageSkill.Level.LITTLE],
            weights=[fluent, some, little],
        )[0]
        interpreter = english == LanguageSkill.Level.LITTLE or (
            english == LanguageSkill.Level.SOME and rng.random() < 0.6
        )
        rows = [
            LanguageSkill(
                language=language, dialect=dialect, level=LanguageSkill.Level.FIRST, interpreter_needed=interpreter
            )
        ]
        national = cal.NATIONAL_LANGUAGE.get(nationality)
        if national and national != language:
            level = LanguageSkill.Level.FLUENT if rng.random() < 0.7 else LanguageSkill.Level.SOME
            rows.append(LanguageSkill(language=national, level=level))
        rows.append(LanguageSkill(language="en", level=english))
        return rows, interpreter

    # --- persons ------------------------------------------------------------------------------

    def make(
        self,
        rng: random.Random,
        *,
        nationality: str,
        female: bool,
        child: bool,
        at: datetime,
        suspect: bool = False,
        recorded_by_id: int | None = None,
        sex_known: bool = True,
    ) -> PersonSpec:
        age = rng.choice((13, 14, 15, 15, 16, 16, 16, 17, 17, 17)) if child else int(rng.triangular(18, 62, 26))
        if suspect:
            age = int(rng.triangular(18, 60, 32))
        born: date | None = at.date() - timedelta(days=age * 365 + rng.randrange(365))
        age_min = age_max = None
        if rng.random() < 0.12:  # date of birth not known: an estimated age range
            born = None
            spread = rng.choice((2, 3, 5))
            age_min, age_max = max(10, age - spread // 2), age + spread - spread // 2
        if not sex_known:
            sex = Sex.UNKNOWN
        else:
            sex = Sex.FEMALE if female else Sex.MALE
        nationalities = [nationality]
        if nationality != "GB" and rng.random() < 0.03:
            nationalities.append("GB")
        person = Person(
            date_of_birth=born,
            age_min=age_min,
            age_max=age_max,
            sex=sex,
            nationalities=nationalities,
            recorded_at=at,
            recorded_by_id=recorded_by_id,
        )
        spec = PersonSpec(person=person, nationality=nationality, child=child, age=age, female=female)
        spec.names = self.names_for(rng, nationality, female, suspect)
        if not suspect or rng.random() < 0.5:
            spec.languages, interpreter = self.languages_for(rng, nationality)
            if interpreter:
                if female and rng.random() < 0.5:
                    person.interpreter_sex_preference = "female"
                elif not female and rng.random() < 0.1:
                    person.interpreter_sex_preference = "male"
                person.same_interpreter_preferred = rng.random() < 0.3
        return spec

"""Recording persons and their names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from lantern.core import audit, clock
from lantern.core.access import AccessDenied, can_record_cases
from lantern.core.errors import invalid
from lantern.core.models import User
from lantern.people.models import LanguageSkill, Person, PersonName, Sex
from lantern.people.names import detect_script, search_key


@dataclass(frozen=True)
class NameInput:
    given_names: str
    family_name: str
    kind: str = PersonName.Kind.AS_WRITTEN


@dataclass(frozen=True)
class LanguageInput:
    language: str
    level: str
    dialect: str = ""
    interpreter_needed: bool = False


@dataclass(frozen=True)
class NewPerson:
    names: list[NameInput]
    date_of_birth: date | None = None
    age_min: int | None = None
    age_max: int | None = None
    sex: str = Sex.UNKNOWN
    nationalities: list[str] = field(default_factory=list)
    languages: list[LanguageInput] = field(default_factory=list)


def check_date_of_birth(dob: date | None, today: date | None = None) -> None:
    today = today or clock.today()
    if dob is None:
        return
    if dob > today:
        raise invalid("date_of_birth", "A date of birth cannot be in the future.")
    if dob.year < today.year - 120:
        raise invalid("date_of_birth", "A date of birth more than 120 years ago is not plausible: check the year.")


def create_person(actor: User, data: NewPerson) -> Person:
    if not can_record_cases(actor):
        raise AccessDenied("Only police officers and staff can record a person.")
    if not data.names or not any((n.given_names + n.family_name).strip() for n in data.names):
        raise invalid("names", "Give at least one name, even a nickname.")
    check_date_of_birth(data.date_of_birth)
    if data.age_min is not None and data.age_max is not None and data.age_min > data.age_max:
        raise invalid("age_max", "The highest age must not be below the lowest.")
    if data.sex not in Sex.values:
        raise invalid("sex", f"{data.sex!r} is not one of {', '.join(Sex.values)}.")
    for code in data.nationalities:
        if len(code) != 2 or not code.isalpha():
            raise invalid("nationalities", f"{code!r} is not a two-letter country code (e.g. LV, AL, VN).")
    for lang in data.languages:
        if lang.level not in LanguageSkill.Level.values:
            raise invalid("languages", f"{lang.level!r} is not a language level.")
        if not lang.language.strip():
            raise invalid("languages", "Name the language.")
    with transaction.atomic():
        person = Person.objects.create(
            date_of_birth=data.date_of_birth,
            age_min=data.age_min,
            age_max=data.age_max,
            sex=data.sex,
            nationalities=[c.upper() for c in data.nationalities],
            recorded_by=actor,
        )
        for i, name in enumerate(data.names):
            if name.kind not in PersonName.Kind.values:
                raise invalid("names", f"{name.kind!r} is not a kind of name.")
            PersonName.objects.create(
                person=person,
                given_names=name.given_names.strip(),
                family_name=name.family_name.strip(),
                kind=name.kind,
                primary=(i == 0),
                search_key=search_key(name.given_names, name.family_name),
                script=detect_script(name.given_names + name.family_name),
            )
        for lang in data.languages:
            LanguageSkill.objects.create(
                person=person,
                language=lang.language.strip().lower(),
                dialect=lang.dialect,
                level=lang.level,
                interpreter_needed=lang.interpreter_needed,
            )
        audit.record(actor, audit.Action.COLLECTION, person)
    return person

"""API for persons: record one with all their names, read one the policy lets you see."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from lantern.core import audit
from lantern.core.api_schemas import InputSchema
from lantern.core.web import current_user as _user  # the API's auth has run: a User
from lantern.people import services
from lantern.people.access import get_person_for
from lantern.people.models import Person

router = Router(tags=["persons"])


class NameIO(InputSchema):
    given_names: str = ""
    family_name: str = ""
    kind: str = "as_written"


class LanguageIO(InputSchema):
    language: str
    level: str
    dialect: str = ""
    interpreter_needed: bool = False


class PersonIn(InputSchema):
    names: list[NameIO]
    date_of_birth: date | None = None
    age_min: int | None = None
    age_max: int | None = None
    sex: str = "unknown"
    nationalities: list[str] = []
    languages: list[LanguageIO] = []


class PersonOut(Schema):
    id: int
    names: list[NameIO]
    date_of_birth: date | None
    age_min: int | None
    age_max: int | None
    sex: str
    nationalities: list[str]
    languages: list[LanguageIO]


def _out(person: Person) -> PersonOut:
    return PersonOut(
        id=person.pk,
        names=[NameIO(given_names=n.given_names, family_name=n.family_name, kind=n.kind) for n in person.names.all()],
        date_of_birth=person.date_of_birth,
        age_min=person.age_min,
        age_max=person.age_max,
        sex=person.sex,
        nationalities=person.nationalities,
        languages=[
            LanguageIO(
                language=lang.language,
                level=lang.level,
                dialect=lang.dialect,
                interpreter_needed=lang.interpreter_needed,
            )
            for lang in person.languages.all()
        ],
    )


def new_person_from(payload: PersonIn) -> services.NewPerson:
    """The service's input from the API's person schema (also used by the NRM referral endpoint)."""
    return services.NewPerson(
        names=[services.NameInput(n.given_names, n.family_name, n.kind) for n in payload.names],
        date_of_birth=payload.date_of_birth,
        age_min=payload.age_min,
        age_max=payload.age_max,
        sex=payload.sex,
        nationalities=payload.nationalities,
        languages=[
            services.LanguageInput(lang.language, lang.level, lang.dialect, lang.interpreter_needed)
            for lang in payload.languages
        ],
    )


@router.post("/persons", response={201: PersonOut}, summary="Record a person with their names")
def create_person(request: HttpRequest, payload: PersonIn) -> Status[PersonOut]:
    user = _user(request)
    person = services.create_person(user, new_person_from(payload))
    return Status(201, _out(person))


@router.get("/persons/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> PersonOut:
    user = _user(request)
    person = get_person_for(user, person_id)
    audit.record(user, audit.Action.CONSULTATION, person, detail="api")
    return _out(person)

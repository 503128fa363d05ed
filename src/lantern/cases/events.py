"""The events `lantern.cases` publishes on `lantern.core.events` at the end of its services.

Apps above cases (victims_code, decisions, ...) subscribe in their `AppConfig.ready()`, so cases
never imports them. Each event is published inside the service's transaction: a handler that
raises rolls the whole operation back.
"""

from __future__ import annotations

from dataclasses import dataclass

from lantern.cases.models import Case
from lantern.core.models import User
from lantern.people.models import Person


@dataclass(frozen=True)
class CaseRecorded:
    """A crime was recorded (`record_case`)."""

    case: Case
    actor: User | None


@dataclass(frozen=True)
class PartyAdded:
    """A person joined a case in a role (`add_party`); `role` is a `PartyRole` value."""

    case: Case
    person: Person
    role: str
    actor: User | None


@dataclass(frozen=True)
class OfficerChanged:
    """The officer in charge changed within the force (`accept_handover`)."""

    case: Case
    new_officer: User
    actor: User | None


@dataclass(frozen=True)
class CaseTransferred:
    """The case moved to another force (`accept_transfer`) and its new officer in charge."""

    case: Case
    new_officer: User
    actor: User | None

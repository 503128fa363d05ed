"""The calls other apps' services make into the Victims' Code, one line each at their end.

Imported inside those functions (not at module level), since this app builds on lantern.cases.
"""

from __future__ import annotations

from lantern.cases.models import Case, PartyRole
from lantern.core.models import User
from lantern.people.models import Person
from lantern.victims_code import services
from lantern.victims_code.models import EventKind


def case_recorded(case: Case, actor: User | None) -> None:
    services.on_case_recorded(case, actor)


def party_added(case: Case, person: Person, role: str, actor: User | None) -> None:
    if role in PartyRole.victim_roles():
        services.on_victim_added(case, person, actor)


def officer_changed(case: Case, new_officer: User, actor: User | None) -> None:
    services.reassign_open_duties(case, new_officer, EventKind.OFFICER_CHANGED, actor)


def case_transferred(case: Case, new_officer: User, actor: User | None) -> None:
    services.reassign_open_duties(case, new_officer, EventKind.CASE_TRANSFERRED, actor)

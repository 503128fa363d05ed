"""What the Victims' Code does when a case changes: handlers of `lantern.cases.events`,
subscribed in `VictimsCodeConfig.ready()`."""

from __future__ import annotations

from lantern.cases.events import CaseRecorded, CaseTransferred, OfficerChanged, PartyAdded
from lantern.cases.models import PartyRole
from lantern.core import events
from lantern.victims_code import services
from lantern.victims_code.models import EventKind


def case_recorded(event: CaseRecorded) -> None:
    services.on_case_recorded(event.case, event.actor)


def party_added(event: PartyAdded) -> None:
    if event.role in PartyRole.victim_roles():  # a new victim is owed the initial duties
        services.on_victim_added(event.case, event.person, event.actor)


def officer_changed(event: OfficerChanged) -> None:
    services.reassign_open_duties(event.case, event.new_officer, EventKind.OFFICER_CHANGED, event.actor)


def case_transferred(event: CaseTransferred) -> None:
    services.reassign_open_duties(event.case, event.new_officer, EventKind.CASE_TRANSFERRED, event.actor)


def subscribe() -> None:
    events.subscribe(CaseRecorded, case_recorded)
    events.subscribe(PartyAdded, party_added)
    events.subscribe(OfficerChanged, officer_changed)
    events.subscribe(CaseTransferred, case_transferred)

"""The synthetic Victims' Code history for generated data: consistent with the generated timeline
(each victim contact meets what was owed by then), written raw with chosen ids, and leaving the
database usable by the services afterwards (sequences moved on, on PostgreSQL too)."""

from __future__ import annotations

import pytest
import time_machine
from tests.factories import World, build_world
from tests.victims_code.conftest import london

from lantern.cases.models import CaseParty, TimelineEvent
from lantern.core.models import AuditEntry
from lantern.victims_code import services, synthetic
from lantern.victims_code.models import ContactPlan, Duty, DutyKind, EventKind, VictimUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db: None, clock: time_machine.Traveller) -> World:
    """The test world as the generator leaves it: parties without duties, contacts on the timeline."""
    w = build_world()
    for party in CaseParty.objects.select_related("case"):  # as generated: in the case from the report
        CaseParty.objects.filter(pk=party.pk).update(recorded_at=party.case.reported_at)
    for at in ("2026-11-28 10:00", "2026-12-04 15:00"):
        TimelineEvent.objects.create(
            case=w.case,
            kind=TimelineEvent.Kind.VICTIM_CONTACT,
            recorded_at=london(at),
            recorded_by=w.oic,
            summary="Victim updated by phone",
            force=w.wmp,
        )
    return w


def test_contacts_on_the_timeline_meet_what_was_owed_then(generated: World) -> None:
    totals = synthetic.derive(seed=1, now=london("2026-12-07 09:00"))
    assert totals.victims == 2
    assert totals.cases == 2
    first = VictimUpdate.objects.filter(case=generated.case).order_by("given_at").first()
    assert first is not None
    assert first.given_at == london("2026-11-28 10:00")
    assert first.channel == "phone"
    initial = Duty.objects.filter(case=generated.case, kind__in=[DutyKind.WRITTEN_CONFIRMATION, DutyKind.VPS_OFFER])
    assert {d.state for d in initial} == {Duty.State.MET}, "reported on Friday 27 November, told on the Saturday"
    assert set(first.duties.all()) >= set(initial)
    # The other case had no contact at all: everything is still owed.
    assert not Duty.objects.filter(case=generated.other_case).exclude(state=Duty.State.OPEN).exists()


def test_running_it_again_adds_nothing_and_the_services_still_work(generated: World) -> None:
    synthetic.derive(seed=1, now=london("2026-12-07 09:00"))
    counts = (Duty.objects.count(), VictimUpdate.objects.count(), ContactPlan.objects.count())
    assert synthetic.derive(seed=1, now=london("2026-12-07 09:00")).victims == 0
    assert (Duty.objects.count(), VictimUpdate.objects.count(), ContactPlan.objects.count()) == counts
    # New rows after the raw inserts get fresh ids (PostgreSQL sequences were moved on).
    event = services.record_event(generated.oic, generated.case, EventKind.SUSPECT_ARRESTED, london("2026-12-07 08:00"))
    assert event.duties.count() == 1
    assert not AuditEntry.objects.filter(object_type="victims_code.duty").exists(), "no history invented"

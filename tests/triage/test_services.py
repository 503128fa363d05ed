"""Triage end to end on the test world: what enters the queue, the assessment, the allocation and
its refusals (nothing half-written), training records, operations and the sweep's escalation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from tests.factories import World, build_world, new_case, user
from tests.triage import world as tw

from lantern.cases.models import Case, TimelineEvent
from lantern.core.access import AccessDenied
from lantern.core.models import AuditEntry, Rank, Role
from lantern.notify.models import OutboxMessage
from lantern.nrm import services as nrm_services
from lantern.triage import operations as ops
from lantern.triage import queue, services, skills
from lantern.triage.models import Allocation, Skill, TriageItem
from lantern.victims_code.models import ForceLead
from lantern.victims_code.sweep import run_sweep
from lantern.victims_code.working_days import LONDON

pytestmark = pytest.mark.django_db

ASSESSED = services.AssessmentIn(
    risk_to_victim="high", risk_to_others="medium", organised_crime="suspected", safeguarding_done=True
)


@pytest.fixture
def w() -> World:
    return build_world()


def test_every_recorded_crime_and_received_referral_enters_its_forces_queue(w: World) -> None:
    assert tw.item(w).force_id == w.wmp.pk
    assert TriageItem.objects.filter(case=w.other_case, force=w.met).exists()
    referral = nrm_services.receive_referral(
        w.spoc, reference="NRM-T-1", person=w.victim, first_responder="LA", referred_at=dt.datetime.now(LONDON)
    )
    item = TriageItem.objects.get(referral=referral)
    assert item.source == TriageItem.Source.NRM_REFERRAL
    assert item in queue.open_items(w.wmp.pk)
    # Linked to a crime: no longer waiting for one (the crime's own item is triaged instead).
    nrm_services.link_referral(w.spoc, referral, w.case)
    assert item not in queue.open_items(w.wmp.pk)


def test_assessment_needs_a_risk_level_and_writes_nothing_without_it(w: World) -> None:
    item = tw.item(w)
    with pytest.raises(ValidationError) as exc:
        services.assess(w.spoc, item, services.AssessmentIn("", "low", "none_known", True))
    assert "risk_to_victim" in exc.value.message_dict
    assert not item.assessments.exists()
    with pytest.raises(AccessDenied):
        services.assess(w.oic, item, ASSESSED)
    services.assess(w.spoc, item, ASSESSED)
    item.refresh_from_db()
    assert item.state == TriageItem.State.ASSESSED
    assert TimelineEvent.objects.filter(case=w.case, summary__startswith="Triage assessment").exists()


def test_allocation_to_an_unqualified_officer_needs_a_reason_and_is_counted(w: World) -> None:
    item = tw.item(w)
    services.assess(w.spoc, item, ASSESSED)
    with pytest.raises(ValidationError) as exc:
        services.allocate(w.spoc, item, services.AllocationIn(w.colleague))
    assert "reason" in exc.value.message_dict
    assert not Allocation.objects.exists()
    assert Case.objects.get(pk=w.case.pk).officer_in_charge_id == w.oic.pk
    allocation = services.allocate(
        w.spoc, item, services.AllocationIn(w.colleague, reason="Speaks Latvian; course booked")
    )
    assert not allocation.qualified
    assert allocation.missing_skills == [Skill.PIP2, Skill.MS_INVESTIGATOR]
    assert Case.objects.get(pk=w.case.pk).officer_in_charge_id == w.colleague.pk
    assert services.unqualified_allocations(w.wmp.pk) == 1
    assert services.unqualified_allocations(w.met.pk) == 0
    item.refresh_from_db()
    assert item.state == TriageItem.State.ALLOCATED
    assert item not in queue.open_items(w.wmp.pk)
    with pytest.raises(ValidationError):
        services.allocate(w.spoc, item, services.AllocationIn(w.oic))


def test_allocation_to_a_qualified_officer_needs_no_reason(w: World) -> None:
    item = tw.item(w)
    tw.qualify(w, w.colleague, Skill.PIP3, Skill.MS_INVESTIGATOR)
    services.assess(w.spoc, item, ASSESSED)
    allocation = services.allocate(w.spoc, item, services.AllocationIn(w.colleague))
    assert allocation.qualified
    assert services.unqualified_allocations() == 0


def test_allocation_refused_to_an_inactive_user_or_one_who_cannot_hold_cases(w: World) -> None:
    item = tw.item(w)
    services.assess(w.spoc, item, ASSESSED)
    gone = user(Role.INVESTIGATOR, w.wmp, rank=Rank.DC)
    tw.qualify(w, gone)
    gone.is_active = False
    gone.save()
    for officer, words in ((gone, "not active"), (w.frontline, "cannot hold cases"), (w.other_force_officer, "cannot")):
        with pytest.raises(ValidationError) as exc:
            services.allocate(w.spoc, item, services.AllocationIn(officer, reason="anyway"))
        assert words in exc.value.message_dict["officer"][0]
    assert not Allocation.objects.exists()


def test_allocation_needs_an_assessment_first(w: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.allocate(w.spoc, tw.item(w), services.AllocationIn(w.oic, reason="x"))
    assert "item" in exc.value.message_dict


def test_a_referral_waiting_for_a_crime_is_recorded_and_allocated_in_one_step(w: World) -> None:
    referral = nrm_services.receive_referral(
        w.spoc, reference="NRM-T-2", person=w.victim, first_responder="LA", referred_at=dt.datetime.now(LONDON)
    )
    item = TriageItem.objects.get(referral=referral)
    services.assess(w.spoc, item, ASSESSED)
    with pytest.raises(ValidationError) as exc:
        services.allocate(w.spoc, item, services.AllocationIn(w.oic, reason="x"))
    assert "crime_reference" in exc.value.message_dict
    allocation = services.allocate(
        w.spoc, item, services.AllocationIn(w.colleague, reason="Only one free", crime_reference="20/777001/26")
    )
    case = allocation.case
    assert case.officer_in_charge_id == w.colleague.pk  # not the SPOC who recorded it
    assert referral.cases.filter(pk=case.pk).exists()
    # The new crime joined this item rather than entering the queue a second time.
    assert TriageItem.objects.filter(case=case).count() == 1


def test_recording_a_crime_for_an_nrm_alert_puts_it_in_the_queue_for_allocation(w: World) -> None:
    from lantern.nrm import workflows

    referral = nrm_services.receive_referral(
        w.spoc, reference="NRM-T-3", person=w.victim, first_responder="LA", referred_at=dt.datetime.now(LONDON)
    )
    from lantern.cases.services import NewCase

    case = workflows.record_crime_for_referral(w.spoc, referral, NewCase(crime_reference="20/777002/26"))
    crime_item = TriageItem.objects.get(case=case, source=TriageItem.Source.CRIME)
    assert crime_item in queue.open_items(w.wmp.pk)
    assert not queue.open_items(w.wmp.pk).filter(referral=referral).exists()


def test_candidates_show_qualification_open_cases_and_overdue_duties(w: World) -> None:
    tw.qualify(w, w.oic)
    found = {c.officer.pk: c for c in skills.candidates(w.wmp.pk)}
    assert w.frontline.pk not in found
    assert w.force_admin.pk not in found
    assert found[w.oic.pk].qualified
    assert found[w.oic.pk].open_cases == 1
    assert not found[w.colleague.pk].qualified
    assert list(found)[0] == w.oic.pk  # qualified first


def test_training_records_are_kept_by_the_force_administrator(w: World) -> None:
    record = skills.record_training(w.force_admin, w.oic, Skill.VICTIM_LIAISON, dt.date(2025, 5, 1))
    assert AuditEntry.objects.filter(object_type="triage.trainingrecord", object_id=str(record.pk)).exists()
    with pytest.raises(AccessDenied):
        skills.record_training(w.spoc, w.oic, Skill.PIP1, dt.date(2025, 5, 1))
    with pytest.raises(ValidationError) as exc:
        skills.record_training(w.force_admin, w.oic, Skill.PIP1, dt.date(2025, 5, 1), dt.date(2025, 1, 1))
    assert "expires_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        skills.record_training(w.force_admin, w.other_force_officer, Skill.PIP1, dt.date(2025, 5, 1))
    skills.withdraw_training(w.force_admin, record)
    assert Skill.VICTIM_LIAISON not in skills.current_skills_of([w.oic.pk], dt.date(2026, 1, 1))[w.oic.pk]


def test_an_operation_groups_cases_of_two_forces_each_seeing_its_own_part(w: World) -> None:
    met_spoc = user(Role.SPOC, w.met, rank=Rank.DS)
    operation = ops.create_operation(w.spoc, "Operation Lantern", w.wmp)
    ops.add_case(w.spoc, operation, w.case)
    with pytest.raises(ValidationError):
        ops.add_case(w.spoc, operation, w.other_case)  # another force's case: they add it
    ops.add_case(met_spoc, operation, w.other_case)
    wmp_view = ops.view_for(w.spoc, operation)
    met_view = ops.view_for(met_spoc, operation)
    assert [c.pk for c in wmp_view.own_cases] == [w.case.pk]
    assert wmp_view.other_forces == [(w.met.name, 1)]
    assert [c.pk for c in met_view.own_cases] == [w.other_case.pk]
    with pytest.raises(ValidationError):
        ops.add_case(w.spoc, ops.create_operation(w.spoc, "Another", w.wmp), w.case)


# --- The sweep: an untriaged item reaches the modern slavery lead --------------------------------


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _entered_on(w: World, day: dt.date) -> TriageItem:
    """A new crime's item, as if it had entered the queue at 09:00 on `day`."""
    item = TriageItem.objects.get(case=new_case(w.oic), source=TriageItem.Source.CRIME)
    TriageItem.objects.filter(pk=item.pk).update(entered_at=_at(day), due_on=queue.due_for(_at(day)))
    item.refresh_from_db()
    return item


@override_settings(LANTERN_TRIAGE_WORKING_DAYS=1)
def test_untriaged_item_reaches_the_lead_the_day_after_its_working_day_over_a_bank_holiday(w: World) -> None:
    lead = user(Role.SUPERVISOR, w.wmp, rank=Rank.DCI)
    ForceLead.objects.create(force=w.wmp, lead=lead)
    # Entered on Thursday 24 December 2026: due by the end of Tuesday 29 (25 and 28 are bank holidays).
    item = _entered_on(w, dt.date(2026, 12, 24))
    assert item.due_on == dt.date(2026, 12, 29)
    run_sweep(_at(dt.date(2026, 12, 29), 23), backfill_limit=0)
    item.refresh_from_db()
    assert item.escalated_at is None
    result = run_sweep(_at(dt.date(2026, 12, 30), 0), backfill_limit=0)
    item.refresh_from_db()
    assert item.escalated_to_id == lead.pk
    assert result.other_escalated["untriaged items (to the force's modern slavery lead)"] >= 1
    assert OutboxMessage.objects.filter(idempotency_key=f"triage-escalation:{lead.pk}:2026-12-30").count() == 1
    # Idempotent: a second run escalates nothing again and sends no second e-mail.
    run_sweep(_at(dt.date(2026, 12, 30), 1), backfill_limit=0)
    assert OutboxMessage.objects.filter(idempotency_key=f"triage-escalation:{lead.pk}:2026-12-30").count() == 1


def test_an_allocated_item_is_never_escalated(w: World) -> None:
    item = _entered_on(w, dt.date(2026, 12, 24))
    services.assess(w.spoc, item, ASSESSED)
    tw.qualify(w, w.oic)
    services.allocate(w.spoc, item, services.AllocationIn(w.oic))
    run_sweep(_at(dt.date(2027, 1, 5)), backfill_limit=0)
    item.refresh_from_db()
    assert item.escalated_at is None

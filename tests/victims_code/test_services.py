"""Duties on a case, as an officer meets them: created by events, met by updates, waived with a
reason, moved with a handover or a transfer, and refused when the input is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from tests.factories import World, person
from tests.victims_code.conftest import london

from lantern.cases import services as case_services
from lantern.cases.models import Case, CaseParty, TimelineEvent
from lantern.core.access import AccessDenied
from lantern.core.models import AuditEntry
from lantern.victims_code import plans, services
from lantern.victims_code.models import Channel, ContactPlan, Duty, DutyKind, EventKind
from lantern.victims_code.services import NewUpdate

pytestmark = pytest.mark.django_db


def duties(w: World, **filters: object) -> list[Duty]:
    return list(Duty.objects.filter(case=w.case, **filters).order_by("due_on", "kind"))


def update(
    w: World, given_at: dt.datetime, *duty_list: Duty, summary: str = "Told her the suspect was arrested"
) -> NewUpdate:
    return NewUpdate(
        victim=w.victim,
        given_at=given_at,
        channel=Channel.PHONE,
        language="lv",
        summary=summary,
        interpreter_used=True,
        interpreter_name="Anna Ozola",
        duty_ids=tuple(d.pk for d in duty_list),
    )


def test_a_new_victim_is_owed_the_initial_duties_with_enhanced_deadlines(world: World) -> None:
    owed = {d.kind: d for d in duties(world)}
    assert set(owed) == {
        DutyKind.WRITTEN_CONFIRMATION,
        DutyKind.NEEDS_ASSESSMENT,
        DutyKind.SUPPORT_REFERRAL,
        DutyKind.VPS_OFFER,
        DutyKind.AGREE_CONTACT_PLAN,
    }
    assert all(d.owner == world.oic and d.enhanced and d.state == Duty.State.OPEN for d in owed.values())
    assert owed[DutyKind.WRITTEN_CONFIRMATION].due_on == dt.date(2026, 12, 8), "1 working day: enhanced"
    assert owed[DutyKind.SUPPORT_REFERRAL].due_on == dt.date(2026, 12, 9), "referral: 2 working days for everyone"


def test_adding_a_victim_through_the_case_service_creates_their_duties(world: World) -> None:
    second = person("Marta", "Kalniņa")
    case_services.add_party(world.oic, world.case, second, "victim")
    assert Duty.objects.filter(case=world.case, victim=second).count() == 5
    case_services.add_party(world.oic, world.case, person("Juris", "Liepa"), "witness")
    assert Duty.objects.filter(case=world.case).count() == 10, "a witness is owed no Victims' Code duties"


def test_an_arrest_is_owed_to_every_victim_by_the_next_working_day_across_christmas(
    world: World, clock: time_machine.Traveller
) -> None:
    second = person("Marta", "Kalniņa")
    case_services.add_party(world.oic, world.case, second, "victim")
    clock.move_to(london("2026-12-24 23:30"))  # Thursday night, Christmas Eve
    services.record_event(
        world.colleague, world.case, EventKind.SUSPECT_ARRESTED, london("2026-12-24 22:00"), "Arrested at the car wash"
    )
    arrests = duties(world, kind=DutyKind.SUSPECT_ARRESTED)
    assert len(arrests) == 2
    assert {d.victim_id for d in arrests} == {world.victim.pk, second.pk}
    assert {d.due_on for d in arrests} == {dt.date(2026, 12, 29)}, (
        "Christmas, the weekend and the substitute day skipped"
    )
    assert TimelineEvent.objects.filter(case=world.case, summary__startswith="Suspect arrested").exists()


def test_a_downgraded_victim_gets_the_standard_five_days(world: World) -> None:
    services.decide_enhanced_rights(
        world.supervisor,
        world.case,
        world.victim,
        False,
        "Adult, not vulnerable or intimidated; asked for the standard service",
    )
    services.record_event(world.oic, world.case, EventKind.SUSPECT_INTERVIEWED, london("2026-12-07 08:00"))
    (duty,) = duties(world, kind=DutyKind.SUSPECT_INTERVIEWED)
    assert not duty.enhanced
    assert duty.due_on == dt.date(2026, 12, 14)
    assert duty.working_days == 5


def test_a_downgrade_needs_a_reason_and_never_applies_to_a_child(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.decide_enhanced_rights(world.oic, world.case, world.victim, False, "  ")
    assert "reason" in exc.value.message_dict
    world.victim.date_of_birth = dt.date(2010, 5, 1)
    world.victim.save()
    services.decide_enhanced_rights(world.oic, world.case, world.victim, False, "Thought to be an adult")
    rights = services.enhanced_rights(world.case, world.victim)
    assert rights.enhanced
    assert "Under 18" in rights.reason


def test_one_update_meets_several_duties_on_time_and_late(world: World, clock: time_machine.Traveller) -> None:
    written, needs = (
        duties(world, kind=DutyKind.WRITTEN_CONFIRMATION)[0],
        duties(world, kind=DutyKind.NEEDS_ASSESSMENT)[0],
    )
    referral = duties(world, kind=DutyKind.SUPPORT_REFERRAL)[0]
    clock.move_to(london("2026-12-09 18:00"))
    result = services.record_update(
        world.oic, world.case, update(world, london("2026-12-09 17:00"), written, needs, referral)
    )
    for duty in (written, needs, referral):
        duty.refresh_from_db()
    assert written.state == Duty.State.MET_LATE
    assert written.days_late == 1
    assert needs.state == Duty.State.MET_LATE
    assert referral.state == Duty.State.MET
    assert referral.days_late == 0
    assert set(result.duties.all()) == {written, needs, referral}
    world.case.refresh_from_db()
    assert world.case.last_victim_contact_at == london("2026-12-09 17:00"), "the case header's last contact"
    assert TimelineEvent.objects.filter(case=world.case, kind=TimelineEvent.Kind.VICTIM_CONTACT).count() == 1


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ("2026-12-07 09:01", "given_at", "in the future"),
        ("2026-11-20 10:00", "given_at", "before the crime was reported"),
    ],
)
def test_an_update_at_an_impossible_time_is_refused(world: World, given: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        services.record_update(world.oic, world.case, update(world, london(given)))
    assert message in exc.value.message_dict[field][0]


def test_an_update_by_someone_who_does_not_hold_the_case_is_refused(world: World) -> None:
    for who in (world.colleague, world.supervisor, world.other_force_officer):
        with pytest.raises(AccessDenied, match="officer in charge"):
            services.record_update(who, world.case, update(world, london("2026-12-07 08:00")))
    assert not world.case.victim_updates.exists()


def test_an_update_cannot_meet_a_duty_that_arose_after_it_or_is_already_met(world: World) -> None:
    services.record_event(world.oic, world.case, EventKind.SUSPECT_ARRESTED, london("2026-12-07 08:30"))
    arrest = duties(world, kind=DutyKind.SUSPECT_ARRESTED)[0]
    with pytest.raises(ValidationError, match="arose after"):
        services.record_update(world.oic, world.case, update(world, london("2026-12-07 08:00"), arrest))
    services.record_update(world.oic, world.case, update(world, london("2026-12-07 08:45"), arrest))
    with pytest.raises(ValidationError, match="already met"):
        services.record_update(world.oic, world.case, update(world, london("2026-12-07 08:50"), arrest))


def test_a_correction_keeps_the_earlier_version(world: World) -> None:
    recorded = services.record_update(
        world.oic, world.case, update(world, london("2026-12-07 08:00"), summary="Told her about the arest")
    )
    services.correct_update(
        world.oic,
        recorded,
        summary="Told her about the arrest",
        language="lv",
        interpreter_used=True,
        interpreter_name="Anna Ozola",
        reason="Spelling",
    )
    history = list(recorded.history.order_by("history_id").values_list("summary", flat=True))
    assert history == ["Told her about the arest", "Told her about the arrest"]
    with pytest.raises(ValidationError):
        services.correct_update(
            world.oic, recorded, summary="x", language="lv", interpreter_used=False, interpreter_name="", reason=""
        )


def test_waiving_needs_a_reason_and_keeps_the_duty(world: World) -> None:
    vps = duties(world, kind=DutyKind.VPS_OFFER)[0]
    with pytest.raises(ValidationError) as exc:
        services.waive_duty(world.oic, vps, "   ")
    assert exc.value.message_dict["reason"] == ["Say why this duty is waived."]
    with pytest.raises(AccessDenied):
        services.waive_duty(world.colleague, vps, "Victim asked")
    services.waive_duty(
        world.supervisor, vps, "Victim asked not to be contacted about a statement until after Christmas"
    )
    vps.refresh_from_db()
    assert vps.state == Duty.State.WAIVED
    assert vps.waived_by == world.supervisor
    assert [h.state for h in vps.history.order_by("history_id")] == ["open", "waived"]
    assert AuditEntry.objects.filter(
        object_type="victims_code.duty", object_id=str(vps.pk), detail="duty waived"
    ).exists()


def test_a_handover_moves_open_duties_to_the_new_officer_and_owes_the_victim_word_of_it(world: World) -> None:
    written = duties(world, kind=DutyKind.WRITTEN_CONFIRMATION)[0]
    services.record_update(world.oic, world.case, update(world, london("2026-12-07 09:00"), written))
    handover = case_services.offer_handover(world.oic, world.case, world.colleague, "Leave from tomorrow")
    case_services.accept_handover(world.colleague, handover)
    open_owners = set(Duty.objects.filter(case=world.case, state=Duty.State.OPEN).values_list("owner_id", flat=True))
    assert open_owners == {world.colleague.pk}
    written.refresh_from_db()
    assert written.owner == world.oic, "a met duty stays with whoever met it"
    told = duties(world, kind=DutyKind.OFFICER_CHANGED)
    assert len(told) == 1
    assert told[0].owner == world.colleague
    assert told[0].due_on == dt.date(2026, 12, 8)
    moved = Duty.objects.get(case=world.case, kind=DutyKind.NEEDS_ASSESSMENT)
    assert moved.history.latest().history_change_reason == "officer in charge changed"


def test_a_transfer_takes_the_open_duties_to_the_receiving_force(world: World) -> None:
    case = world.case
    transfer = case_services.request_transfer(world.oic, case, world.met, "Victim moved to London")
    met_spoc = __import__("tests.factories", fromlist=["user"]).user("spoc", world.met, rank="DS")
    case_services.accept_transfer(met_spoc, transfer, "01/000777/26", world.other_force_officer)
    open_duties = Duty.objects.filter(case=case, state=Duty.State.OPEN)
    assert set(open_duties.values_list("owner_id", flat=True)) == {world.other_force_officer.pk}
    assert open_duties.filter(kind=DutyKind.CASE_TRANSFERRED).count() == 1


def test_a_contact_plan_needs_a_channel_and_a_way_to_reach_the_victim(world: World) -> None:
    bad = [
        (plans.NewPlan(world.victim, 28, "", "lv"), "channel", "needs a channel"),
        (plans.NewPlan(world.victim, 0, Channel.PHONE, "lv"), "interval_days", "between 1 and 366"),
        (plans.NewPlan(world.victim, 28, Channel.EMAIL, "lv"), "channel", "e-mail address"),
        (
            plans.NewPlan(world.victim, 28, Channel.ADVOCATE, "lv", advocate=world.advocate_no_consent),
            "advocate",
            "consent",
        ),
    ]
    for data, field, words in bad:
        with pytest.raises(ValidationError) as exc:
            plans.set_contact_plan(world.oic, world.case, data)
        assert words in exc.value.message_dict[field][0]
    assert not ContactPlan.objects.exists()


def test_agreeing_a_plan_meets_the_duty_to_agree_one_and_replaces_the_old_plan(world: World) -> None:
    first = plans.set_contact_plan(world.oic, world.case, plans.NewPlan(world.victim, 28, Channel.PHONE, "lv", True))
    second = plans.set_contact_plan(
        world.oic, world.case, plans.NewPlan(world.victim, 14, Channel.ADVOCATE, "lv", advocate=world.advocate)
    )
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert plans.current_plan(world.case, world.victim) == second
    agree = Duty.objects.get(case=world.case, kind=DutyKind.AGREE_CONTACT_PLAN)
    assert agree.state == Duty.State.MET
    old_update, new_update = Duty.objects.filter(case=world.case, kind=DutyKind.PLAN_UPDATE).order_by("id")
    assert old_update.state == Duty.State.WAIVED
    assert "Replaced by the contact plan agreed on 7 December 2026" in old_update.waived_reason
    assert new_update.state == Duty.State.OPEN, "14 days"
    assert new_update.due_on == dt.date(2026, 12, 21), "14 days"


def test_contact_details_are_encrypted_and_protected_ones_need_a_reason_to_see(world: World) -> None:
    with pytest.raises(ValidationError):
        plans.set_contact_details(world.oic, world.case, world.victim, plans.ContactDetails(email="not an address"))
    with pytest.raises(ValidationError) as exc:
        plans.set_contact_details(
            world.oic, world.case, world.victim, plans.ContactDetails(mobile="07700 900982", protected=True)
        )
    assert "protected_reason" in exc.value.message_dict
    plans.set_contact_details(
        world.oic,
        world.case,
        world.victim,
        plans.ContactDetails(
            email="ilze@example.org",
            mobile="07700 900982",
            protected=True,
            protected_reason="In a safe house; traffickers looking for her",
        ),
    )
    raw = world.victim.contact_details
    assert "ilze" not in raw.email_ciphertext
    assert "900982" not in raw.mobile_ciphertext
    with pytest.raises(ValidationError):
        plans.reveal_contact_details(world.colleague, world.case, world.victim, "")
    shown = plans.reveal_contact_details(world.colleague, world.case, world.victim, "To phone her about the hearing")
    assert shown is not None
    assert shown.email == "ilze@example.org"
    entry = AuditEntry.objects.filter(action="consultation", object_type="victims_code.victimcontactdetails").get()
    assert entry.reason == "To phone her about the hearing"
    assert entry.actor == world.colleague
    with pytest.raises(AccessDenied):
        plans.reveal_contact_details(world.advocate, world.case, world.victim, "curious")


def test_a_case_recorded_through_the_service_has_its_crime_recorded_event(world: World) -> None:
    case = Case.objects.get(pk=world.case.pk)
    assert case.code_events.filter(kind=EventKind.CRIME_RECORDED).count() == 1
    # A victim put into a case without the service (a bulk load) gets the duties from the sweep's backfill.
    stray = person("Anna", "Bērziņa")
    CaseParty.objects.create(case=case, person=stray, role="victim")
    assert list(services.victims_without_initial_duties().filter(case=case).values_list("person_id", flat=True)) == [
        stray.pk
    ]

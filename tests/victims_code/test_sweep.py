"""The sweep: contact-plan duties with nothing happening, escalation to the supervisor then the
force lead, the backfill of victims loaded in bulk, and running twice doing nothing twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from tests.factories import World, person, user
from tests.victims_code.conftest import london

from lantern.cases.models import CaseParty
from lantern.notify.models import OutboxMessage
from lantern.notify.outbox import recipient_of
from lantern.victims_code import plans, services
from lantern.victims_code.models import Channel, Duty, DutyKind, Escalation, ForceLead
from lantern.victims_code.services import NewUpdate
from lantern.victims_code.sweep import run_sweep

pytestmark = pytest.mark.django_db


def plan_duties(w: World) -> list[Duty]:
    return list(Duty.objects.filter(case=w.case, kind=DutyKind.PLAN_UPDATE).order_by("id"))


def test_a_28_day_plan_owes_an_update_every_28_days_with_nothing_happening(
    world: World, clock: time_machine.Traveller
) -> None:
    plans.set_contact_plan(
        world.oic, world.case, plans.NewPlan(world.victim, 28, Channel.PHONE, "lv", interpreter_needed=True)
    )
    assert [d.due_on for d in plan_duties(world)] == [dt.date(2027, 1, 4)]

    clock.move_to(london("2027-01-04 16:00"))
    run_sweep()
    assert len(plan_duties(world)) == 1, "not missed until the due day has ended"

    clock.move_to(london("2027-01-05 07:00"))
    run_sweep()
    clock.move_to(london("2027-02-02 07:00"))
    run_sweep()
    run_sweep()  # twice in a row: nothing more
    owed = plan_duties(world)
    assert [d.due_on for d in owed] == [dt.date(2027, 1, 4), dt.date(2027, 2, 1), dt.date(2027, 3, 1)]
    assert all(d.state == Duty.State.OPEN and d.owner == world.oic for d in owed)

    # One phone call on 3 February ends the silence: every plan update owed so far is met (two of
    # them late), and the next is due 28 days after the call.
    clock.move_to(london("2027-02-03 11:00"))
    services.record_update(
        world.oic,
        world.case,
        NewUpdate(
            victim=world.victim,
            given_at=london("2027-02-03 10:30"),
            channel=Channel.PHONE,
            language="lv",
            summary="No news yet: the suspect's phone is still being examined",
            interpreter_used=True,
            interpreter_name="Anna Ozola",
        ),
    )
    owed = plan_duties(world)
    assert [d.state for d in owed[:3]] == [Duty.State.MET_LATE, Duty.State.MET_LATE, Duty.State.MET]
    assert owed[3].state == Duty.State.OPEN
    assert owed[3].due_on == dt.date(2027, 3, 3)


def test_overdue_duties_go_to_the_supervisor_then_the_force_lead_a_working_day_later(
    world: World, clock: time_machine.Traveller
) -> None:
    lead = user("supervisor", world.wmp, rank="DCI", username="mslead")
    ForceLead.objects.create(force=world.wmp, lead=lead)
    # The initial duties (1 working day) were due on Tuesday 8 December; the referral on Wednesday 9th.
    clock.move_to(london("2026-12-08 20:00"))
    assert run_sweep().escalated_to_supervisor == 0

    clock.move_to(london("2026-12-09 06:00"))
    first = run_sweep()
    ours = Escalation.objects.filter(duty__case=world.case)
    assert first.escalated_to_supervisor == 8, "four duties in each force's case"
    assert first.escalated_to_lead == 0
    assert set(ours.values_list("level", "to_user__username")) == {(1, "supervisor")}
    assert ours.count() == 4
    assert run_sweep().escalated_to_supervisor == 0, "a duty is escalated once per level"

    clock.move_to(london("2026-12-10 06:00"))
    second = run_sweep()
    assert ours.filter(level=1).count() == 5, "and the referral, due on the 9th"
    assert second.escalated_to_lead == 8, "still overdue a working day after the 8th"
    assert ours.filter(level=2, to_user=lead).count() == 4
    assert set(Duty.objects.filter(case=world.case, state="open").values_list("escalation_level", flat=True)) == {1, 2}


def test_a_duty_met_before_the_sweep_is_not_escalated(world: World, clock: time_machine.Traveller) -> None:
    owed = list(Duty.objects.filter(case=world.case))
    clock.move_to(london("2026-12-08 17:00"))
    services.record_update(
        world.oic,
        world.case,
        NewUpdate(
            victim=world.victim,
            given_at=london("2026-12-08 16:00"),
            channel=Channel.IN_PERSON,
            language="lv",
            summary="Visited with an interpreter",
            interpreter_used=True,
            interpreter_name="Anna Ozola",
            duty_ids=tuple(d.pk for d in owed),
        ),
    )
    clock.move_to(london("2026-12-14 06:00"))
    run_sweep()
    assert not Escalation.objects.filter(duty__case=world.case).exists()


def test_escalation_emails_go_once_a_day_per_person_and_name_no_one(
    world: World, clock: time_machine.Traveller
) -> None:
    clock.move_to(london("2026-12-09 06:00"))
    assert run_sweep().emails_queued == 1, "the WMP supervisor; the MPS has no supervisor in this world"
    assert run_sweep().emails_queued == 0
    (message,) = OutboxMessage.objects.filter(purpose="escalation")
    assert recipient_of(message) == world.supervisor.email
    assert "4 overdue Victims' Code duties" in message.body
    for secret in ("Ilze", "Bērziņa", "20/000123/26", "WMP 20"):
        assert secret not in message.body
        assert secret not in message.subject


def test_the_sweep_gives_victims_loaded_in_bulk_their_initial_duties(world: World) -> None:
    stray = person("Anna", "Bērziņa")
    CaseParty.objects.create(case=world.case, person=stray, role="victim")
    assert run_sweep().backfilled_duties >= 5
    assert Duty.objects.filter(case=world.case, victim=stray).count() == 5
    assert run_sweep().backfilled_duties == 0


def test_the_command_prints_what_it_did(world: World, clock: time_machine.Traveller) -> None:
    clock.move_to(london("2026-12-09 06:00"))
    out = StringIO()
    call_command("sweep", "--no-schedule", stdout=out)
    text = out.getvalue()
    assert "overdue duties escalated to a supervisor: 8" in text
    assert "took" in text


def test_the_worker_runs_the_sweep_on_a_schedule_and_queues_the_next_run(
    world: World, clock: time_machine.Traveller
) -> None:
    from django_tasks_db.models import DBTaskResult

    from lantern.victims_code import tasks

    waiting = DBTaskResult.objects.filter(task_path=tasks.scheduled_sweep.module_path, status="READY")
    assert tasks.schedule_next(at_once=True)
    assert waiting.get().run_after == london("2026-12-07 09:00")
    assert not tasks.schedule_next(), "one run waiting is enough"
    waiting.delete()  # as if the worker had picked it up
    clock.move_to(london("2026-12-09 06:00"))
    lines = tasks.scheduled_sweep.call()
    assert "overdue duties escalated to a supervisor: 8" in lines
    assert waiting.get().run_after == london("2026-12-09 06:15"), "the next run in 15 minutes"

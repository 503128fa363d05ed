"""An overdue review task on a closed case (new information, a positive conclusive grounds
decision) is escalated by the sweep like any overdue duty: to the officer's supervisor, with one
e-mail, once (issue 16, item 1)."""

from __future__ import annotations

import pytest
import time_machine
from tests.decisions import helpers as h
from tests.factories import World

from lantern.decisions import reviews
from lantern.decisions.escalation import COUNT_NAME, PURPOSE
from lantern.decisions.models import NewInformation
from lantern.notify.models import OutboxMessage
from lantern.victims_code.sweep import run_sweep

pytestmark = pytest.mark.django_db


def _closed_with_task(world: World) -> NewInformation:
    h.ready_evidence(world.oic, world.case, [world.victim])
    h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    world.case.refresh_from_db()
    return reviews.record_new_information(
        world.colleague,
        world.case,
        kind="trafficker_contact",
        received_on=h.today(),
        summary="The victim had messages from the gang master asking where she lives",
    )


def test_an_overdue_review_task_is_escalated_to_the_supervisor_once(
    world: World, clock: time_machine.Traveller
) -> None:
    task = _closed_with_task(world)
    assert run_sweep().other_escalated[COUNT_NAME] == 0, "not before it is overdue"
    task.refresh_from_db()
    assert task.escalated_at is None
    clock.move_to(h.london("2026-12-10 09:00"))  # due 8 December
    result = run_sweep()
    assert result.other_escalated[COUNT_NAME] == 1
    assert any("review tasks on closed cases escalated to a supervisor: 1" in line for line in result.lines())
    task.refresh_from_db()
    assert task.escalated_at is not None
    assert task.escalated_to == world.supervisor
    [message] = OutboxMessage.objects.filter(purpose=PURPOSE)
    assert message.channel == "email"
    assert message.case is None
    assert "review task" in message.body
    assert world.case.crime_reference not in message.body
    assert run_sweep().other_escalated[COUNT_NAME] == 0, "escalated once"
    clock.move_to(h.london("2026-12-11 09:00"))
    run_sweep()
    assert OutboxMessage.objects.filter(purpose=PURPOSE).count() == 1


def test_a_reviewed_task_is_not_escalated(world: World, clock: time_machine.Traveller) -> None:
    task = _closed_with_task(world)
    reviews.complete_review_task(world.oic, task, reopen_case=False, reasons="Passed to safeguarding; no new lines")
    clock.move_to(h.london("2026-12-10 09:00"))
    assert run_sweep().other_escalated[COUNT_NAME] == 0
    assert not OutboxMessage.objects.filter(purpose=PURPOSE).exists()

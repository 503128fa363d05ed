"""A change of enhanced rights re-times the victim's open duties (issue 16 item 4): from each
duty's own event, under the same Code version, across weekends and bank holidays; a duty whose new
deadline has passed is overdue at once; met duties keep their deadline; the reason is on the
timeline."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from tests.factories import World
from tests.victims_code.conftest import london

from lantern.cases.models import TimelineEvent
from lantern.core.clock import today
from lantern.victims_code import rules, services
from lantern.victims_code.models import Channel, Duty, DutyKind, EventKind
from lantern.victims_code.services import NewUpdate

pytestmark = pytest.mark.django_db


def duty(w: World, kind: str) -> Duty:
    return Duty.objects.get(case=w.case, victim=w.victim, kind=kind)


def test_a_downgrade_re_times_open_duties_to_the_standard_figure_with_the_reason_on_the_timeline(
    world: World,
) -> None:
    written = duty(world, DutyKind.WRITTEN_CONFIRMATION)
    assert written.enhanced
    assert written.due_on == dt.date(2026, 12, 8)
    services.decide_enhanced_rights(world.oic, world.case, world.victim, False, "Adult, asked for the standard service")
    written.refresh_from_db()
    assert not written.enhanced
    assert written.working_days == 5
    assert written.due_on > dt.date(2026, 12, 8)
    referral = duty(world, DutyKind.SUPPORT_REFERRAL)
    assert referral.due_on == dt.date(2026, 12, 9), "the same figure for everyone: unchanged"
    note = TimelineEvent.objects.filter(case=world.case, summary__contains="re-timed").get()
    assert "standard deadlines" in note.summary
    assert "Adult, asked for the standard service" in note.summary
    assert written.history.first().history_change_reason == "re-timed: enhanced rights changed"


def test_an_upgrade_whose_new_deadline_has_passed_makes_the_duty_overdue(
    world: World, clock: time_machine.Traveller
) -> None:
    services.decide_enhanced_rights(world.oic, world.case, world.victim, False, "Adult, asked for the standard service")
    services.record_event(world.oic, world.case, EventKind.SUSPECT_ARRESTED, london("2026-12-07 08:00"))
    arrest = duty(world, DutyKind.SUSPECT_ARRESTED)
    assert arrest.due_on == dt.date(2026, 12, 14)
    clock.move_to(london("2026-12-10 09:00"))
    assert rules.display_state(arrest.state, arrest.due_on, today()) == rules.DUE
    services.decide_enhanced_rights(world.oic, world.case, world.victim, True, "Disclosed fear of the suspect")
    arrest.refresh_from_db()
    assert arrest.enhanced
    assert arrest.due_on == dt.date(2026, 12, 8), "timed from the arrest, not the decision"
    assert rules.display_state(arrest.state, arrest.due_on, today()) == rules.OVERDUE


def test_working_days_across_christmas_and_met_duties_untouched(world: World, clock: time_machine.Traveller) -> None:
    written = duty(world, DutyKind.WRITTEN_CONFIRMATION)
    services.record_update(
        world.oic,
        world.case,
        NewUpdate(
            victim=world.victim,
            given_at=london("2026-12-07 09:00"),
            channel=Channel.PHONE,
            language="lv",
            summary="Confirmed the crime was recorded",
            interpreter_used=True,
            interpreter_name="Anna Ozola",
            duty_ids=(written.pk,),
        ),
    )
    clock.move_to(london("2026-12-24 23:30"))  # Thursday night, Christmas Eve
    services.record_event(world.oic, world.case, EventKind.SUSPECT_ARRESTED, london("2026-12-24 22:00"))
    arrest = duty(world, DutyKind.SUSPECT_ARRESTED)
    assert arrest.due_on == dt.date(2026, 12, 29), "1 working day: Christmas, Boxing Day (substitute) skipped"
    services.decide_enhanced_rights(world.oic, world.case, world.victim, False, "Adult, asked for the standard service")
    arrest.refresh_from_db()
    # 5 working days from Thu 24 Dec: 29, 30, 31 Dec, (1 Jan bank holiday), 4 Jan, 5 Jan.
    assert arrest.due_on == dt.date(2027, 1, 5)
    written.refresh_from_db()
    assert written.state == Duty.State.MET
    assert written.enhanced
    assert written.due_on == dt.date(2026, 12, 8)


def test_a_decision_that_changes_nothing_re_times_nothing(world: World) -> None:
    services.decide_enhanced_rights(world.oic, world.case, world.victim, True, "Confirmed: modern slavery victim")
    assert not TimelineEvent.objects.filter(case=world.case, summary__contains="re-timed").exists()


def test_a_child_keeps_enhanced_deadlines_whatever_is_recorded(world: World) -> None:
    world.victim.date_of_birth = dt.date(2010, 5, 1)
    world.victim.save()
    services.decide_enhanced_rights(world.oic, world.case, world.victim, False, "Thought to be an adult")
    assert duty(world, DutyKind.WRITTEN_CONFIRMATION).due_on == dt.date(2026, 12, 8)

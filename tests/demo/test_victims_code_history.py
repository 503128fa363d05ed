"""The Victims' Code history `generate` writes (lantern.victims_code.synthetic), and the sweep after it.

The steady state: a sweep running every few minutes up to the generation's anchor (midnight at the
start of `today`) would have left every open duty at the escalation level the rules give for that
day (rules.escalation_level_due), each plan owing its update duties up to that day, and every
victim with their initial duties. The first sweep after generating must therefore find nothing to
do on the anchor's day, and a sweep a day later only what that day brought.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from lantern.cases.models import CaseParty, TimelineEvent
from lantern.demo.generator import Result, anchor_for, generate
from lantern.victims_code import rules, synthetic
from lantern.victims_code.code import working_calendar
from lantern.victims_code.models import ContactPlan, Duty, DutyKind, Escalation, VictimUpdate
from lantern.victims_code.sweep import run_sweep

TODAY = dt.date(2026, 3, 16)
ANCHOR = anchor_for(TODAY)
pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny(db: None) -> Result:
    return generate("tiny", seed=3, today=TODAY)


def _levels_due(on: dt.date) -> dict[int, int]:
    calendar = working_calendar()
    after = settings.LANTERN_VC_LEAD_ESCALATION_WORKING_DAYS
    return {
        pk: rules.escalation_level_due(due_on, on, calendar, after)
        for pk, due_on in Duty.objects.filter(state=Duty.State.OPEN).values_list("pk", "due_on")
    }


def test_every_victim_has_the_initial_duties_and_the_history_is_counted(tiny: Result) -> None:
    victims = set(CaseParty.objects.victims().values_list("case_id", "person_id"))
    assert victims
    for kind in rules.INITIAL_DUTIES:
        assert set(Duty.objects.filter(kind=kind).values_list("case_id", "victim_id")) == victims, kind
    assert tiny.counts["Victims' Code duties"] == Duty.objects.count()
    assert tiny.counts["escalations of overdue duties"] == Escalation.objects.count() > 0
    assert ContactPlan.objects.exists()


def test_met_duties_were_met_by_a_contact_on_the_timeline(tiny: Result) -> None:
    contacts: dict[int, set[dt.datetime]] = defaultdict(set)
    for case_id, at in TimelineEvent.objects.filter(kind=TimelineEvent.Kind.VICTIM_CONTACT).values_list(
        "case_id", "recorded_at"
    ):
        contacts[case_id].add(at)
    met = Duty.objects.filter(state__in=[Duty.State.MET, Duty.State.MET_LATE])
    assert met.exists()
    for duty in met:
        assert duty.met_at in contacts[duty.case_id]
        assert duty.met_at is not None
        assert duty.event_at <= duty.met_at <= ANCHOR
        update = VictimUpdate.objects.get(duties=duty)
        assert (update.case_id, update.victim_id, update.given_at) == (duty.case_id, duty.victim_id, duty.met_at)
    # Late is late by the rules: on time when met by the end of the due day.
    assert not met.filter(state=Duty.State.MET, days_late__gt=0).exists()
    assert not met.filter(state=Duty.State.MET_LATE, days_late=0).exists()


def test_open_duties_are_escalated_as_far_as_a_running_sweep_would_have(tiny: Result) -> None:
    levels = _levels_due(TODAY)
    assert any(levels.values()), "the tiny data set has overdue duties"
    actual = dict(Duty.objects.filter(state=Duty.State.OPEN).values_list("pk", "escalation_level"))
    assert actual == levels
    rows = dict(
        Escalation.objects.values("duty_id").annotate(n=Count("id")).values_list("duty_id", "n")
    )  # one row per level reached, for open and closed duties alike
    for duty in Duty.objects.filter(escalation_level__gt=0):
        assert rows.get(duty.pk) == duty.escalation_level
    assert not Escalation.objects.filter(recorded_at__gt=ANCHOR).exists()
    assert not Duty.objects.filter(escalation_level=0, pk__in=Escalation.objects.values("duty_id")).exists()


def test_the_first_sweep_after_generating_finds_the_steady_state(tiny: Result) -> None:
    """Nothing to backfill, no plan update owed, nothing to escalate on the anchor's day."""
    result = run_sweep(ANCHOR + dt.timedelta(hours=9))
    assert (result.backfilled_duties, result.plan_duties) == (0, 0)
    assert (result.escalated_to_supervisor, result.escalated_to_lead, result.emails_queued) == (0, 0, 0)


def test_a_sweep_a_day_later_escalates_only_what_that_day_made_overdue(tiny: Result) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    before = dict(Duty.objects.filter(state=Duty.State.OPEN).values_list("pk", "escalation_level"))
    expected = _levels_due(tomorrow)
    result = run_sweep(anchor_for(tomorrow) + dt.timedelta(hours=9))
    newly = {pk for pk, level in expected.items() if level >= 1 and before.get(pk, 0) < 1}
    assert result.escalated_to_supervisor == len(newly)
    assert dict(Duty.objects.filter(state=Duty.State.OPEN).values_list("pk", "escalation_level")) == _levels_due(
        tomorrow
    )


def test_synthetic_duties_afterwards_adds_nothing(tiny: Result) -> None:
    counts = (Duty.objects.count(), VictimUpdate.objects.count(), Escalation.objects.count())
    out = StringIO()
    call_command("synthetic_duties", "--seed", "3", stdout=out)
    assert "for 0 victims" in out.getvalue()
    assert (Duty.objects.count(), VictimUpdate.objects.count(), Escalation.objects.count()) == counts
    assert synthetic.derive(seed=3, now=ANCHOR).duties == 0
    assert not Duty.objects.filter(kind=DutyKind.PLAN_UPDATE, plan__isnull=True).exists()

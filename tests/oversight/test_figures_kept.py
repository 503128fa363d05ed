"""The Victims' Code figures kept per month by the task worker (lantern.victims_code.figures,
decision 0028): merged months must say exactly what the whole period calculated at once says, and
a dashboard must use them only while fresh, saying when they were calculated."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from tests.oversight.conftest import TODAY

from lantern.core.clock import LONDON
from lantern.oversight import dashboard, measures
from lantern.oversight.filters import build_filter
from lantern.oversight.victims import shared_computation
from lantern.victims_code import figures, tasks
from lantern.victims_code import measures as vc
from lantern.victims_code.models import Duty, MonthFigures

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def _by_force(rows: list[vc.MeasureRow]) -> dict[int | None, dict[str, object]]:
    return {r.key: dataclasses.asdict(r) for r in rows}  # every field: counts, median, silence, labels


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),  # a past quarter
        (dt.date(2026, 10, 1), dt.date(2026, 12, 31)),  # the current quarter: a month not yet begun
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),  # a year
    ],
)
def test_months_merged_equal_the_period_calculated_at_once(generated: None, start: dt.date, end: dt.date) -> None:
    at_once = vc.compute(figures.national_reader(), start, end, "force", NOW)
    assert sum(r.due for r in at_once) > 0, "the generated data has duties in the period"
    assert any(r.longest_silence_days for r in at_once), "and silences"
    live = figures.rows_for(start, end, NOW)
    assert _by_force(live.rows) == _by_force(at_once)
    assert live.as_at == NOW
    figures.refresh(NOW)
    stored = figures.rows_for(start, end, NOW + dt.timedelta(minutes=5))
    assert _by_force(stored.rows) == _by_force(at_once), "the stored months say the same"
    assert stored.as_at == NOW


def test_a_range_that_is_not_whole_months_is_calculated_at_once(generated: None) -> None:
    start, end = dt.date(2026, 7, 15), dt.date(2026, 9, 14)
    assert _by_force(figures.rows_for(start, end, NOW).rows) == _by_force(
        vc.compute(figures.national_reader(), start, end, "force", NOW)
    )


def _late_in_q3() -> int:
    return sum(r.met_late for r in figures.rows_for(dt.date(2026, 7, 1), dt.date(2026, 9, 30), NOW).rows)


def test_stored_figures_are_used_while_fresh_then_recalculated(generated: None) -> None:
    figures.refresh(NOW)
    duty = Duty.objects.filter(state=Duty.State.MET, due_on__month=8, due_on__year=2026).first()
    assert duty is not None
    before = _late_in_q3()
    Duty.objects.filter(pk=duty.pk).update(state=Duty.State.MET_LATE, days_late=3)

    def late(at: dt.datetime) -> tuple[int, dt.datetime]:
        result = figures.rows_for(dt.date(2026, 7, 1), dt.date(2026, 9, 30), at)
        return sum(r.met_late for r in result.rows), result.as_at

    assert late(NOW + dt.timedelta(minutes=39)) == (before, NOW), "fresh: as at the refresh"
    after_expiry = NOW + dt.timedelta(minutes=41)
    assert late(after_expiry) == (before + 1, after_expiry), "too old: calculated again"
    with override_settings(LANTERN_VC_FIGURES_MAX_AGE_MINUTES=0):
        assert late(NOW + dt.timedelta(minutes=1))[0] == before + 1


def test_figures_calculated_yesterday_are_not_used_after_midnight(generated: None) -> None:
    # Overdue or not yet due turns on the day: a duty due today is overdue tomorrow.
    evening = dt.datetime(2026, 11, 25, 23, 50, tzinfo=LONDON)
    figures.refresh(evening)
    after_midnight = dt.datetime(2026, 11, 26, 0, 5, tzinfo=LONDON)
    result = figures.rows_for(dt.date(2026, 11, 1), dt.date(2026, 11, 30), after_midnight)
    assert result.as_at == after_midnight


@override_settings(LANTERN_VC_FIGURES_MONTHS=3)
def test_the_worker_keeps_the_recent_months_and_drops_older_ones(generated: None) -> None:
    MonthFigures.objects.create(month=dt.date(2025, 1, 1), computed_at=NOW)
    with time_machine.travel(NOW, tick=False):
        line = tasks.refresh_figures.call()
    assert "3 months" in line
    assert sorted(MonthFigures.objects.values_list("month", flat=True)) == [
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 1),
    ]


def test_the_dashboard_says_when_its_victims_code_figures_were_calculated(generated: None) -> None:
    earlier = NOW - dt.timedelta(minutes=10)
    figures.refresh(earlier)
    flt = build_filter(period="2026-Q3", today=TODAY)
    with time_machine.travel(NOW, tick=False), shared_computation():
        shown = {f.measure.key: f for f in dashboard.build(dashboard.measure_keys(), flt, TODAY, national=True)}
    assert shown["vc_on_time"].as_at == earlier
    assert shown["longest_silence"].as_at == earlier
    assert shown["crimes_recorded"].as_at is None, "the other figures are calculated for the request"
    assert measures.MEASURES["vc_on_time"].victims_code


def test_the_api_says_when_the_victims_code_figures_were_calculated(generated: None) -> None:
    from django.test import Client
    from tests.factories import user

    from lantern.core import second_factor
    from lantern.core.roles import Role

    earlier = NOW - dt.timedelta(minutes=10)
    figures.refresh(earlier)
    analyst = user(Role.ANALYST, None, username="figures-analyst")
    client = Client()
    client.force_login(analyst)
    session = client.session
    session[second_factor.VERIFIED_KEY] = str(analyst.pk)
    session.save()
    with time_machine.travel(NOW, tick=False):
        items = {
            m["measure"]: m for m in client.get("/api/v1/oversight/measures", {"period": "2026-Q3"}).json()["measures"]
        }
    assert dt.datetime.fromisoformat(items["vc_on_time"]["calculated_at"]) == earlier
    assert "calculated_at" not in items["crimes_recorded"]


def test_the_publication_says_when_its_victims_code_figures_were_calculated(generated: None) -> None:
    from lantern.oversight import publication

    figures.refresh(dt.datetime(2026, 11, 25, 11, 50, tzinfo=dt.UTC))
    with time_machine.travel(NOW, tick=False):
        text = publication.render(build_filter(period="2026-Q3", today=TODAY), "csv").decode()
    note = "Victims' Code figures (duties met on time, days late, longest silence) were calculated at 11:50 on"
    assert f"{note} 25 November 2026" in text

"""Measures for oversight: share on time, median days late and the longest silence, per officer,
team and force, computed by grouped queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from tests.factories import World
from tests.victims_code.conftest import london

from lantern.victims_code import measures, services
from lantern.victims_code.models import Channel, Duty, DutyKind
from lantern.victims_code.services import NewUpdate

pytestmark = pytest.mark.django_db


def meet(w: World, at: str, *kinds: str) -> None:
    owed = Duty.objects.filter(case=w.case, kind__in=kinds)
    services.record_update(
        w.oic,
        w.case,
        NewUpdate(
            victim=w.victim,
            given_at=london(at),
            channel=Channel.PHONE,
            language="lv",
            summary="Update given",
            interpreter_used=True,
            interpreter_name="Anna Ozola",
            duty_ids=tuple(d.pk for d in owed),
        ),
    )


@pytest.fixture
def history(world: World, clock: time_machine.Traveller) -> World:
    clock.move_to(london("2026-12-08 11:00"))
    meet(world, "2026-12-08 10:00", DutyKind.WRITTEN_CONFIRMATION, DutyKind.NEEDS_ASSESSMENT)  # on time
    clock.move_to(london("2026-12-10 11:00"))
    meet(world, "2026-12-10 10:00", DutyKind.VPS_OFFER)  # due the 8th: 2 days late
    clock.move_to(london("2026-12-14 09:00"))  # referral (due 9th) and contact plan (due 8th) still open
    return world


def test_share_on_time_median_lateness_and_longest_silence_per_officer(history: World) -> None:
    w = history
    rows = measures.compute(
        w.supervisor, dt.date(2026, 12, 1), dt.date(2026, 12, 31), "officer", london("2026-12-14 09:00")
    )
    (oic,) = rows
    assert oic.label == w.oic.display_name
    assert (oic.due, oic.met_on_time, oic.met_late, oic.overdue, oic.waived) == (5, 2, 1, 2, 0)
    assert oic.share_on_time == 40.0
    assert oic.median_days_late == 5, "late by 2 (met), 5 and 6 (still overdue)"
    # Reported on 27 November, first told on 8 December: 11 days of silence.
    assert oic.longest_silence_days == 11


def test_a_range_before_anything_was_due_counts_nothing_but_the_silence(history: World) -> None:
    rows = measures.compute(
        history.supervisor, dt.date(2026, 11, 1), dt.date(2026, 11, 30), "officer", london("2026-12-14 09:00")
    )
    assert [(r.due, r.longest_silence_days) for r in rows] == [(0, 3)], (
        "reported 27 November; silent to the range's end"
    )


def test_the_analyst_sees_forces_only_and_every_force(history: World) -> None:
    rows = measures.compute(
        history.analyst, dt.date(2026, 12, 1), dt.date(2026, 12, 31), "force", london("2026-12-14 09:00")
    )
    assert {r.label for r in rows} == {"West Midlands Police", "Metropolitan Police Service"}
    with pytest.raises(ValueError, match="cannot group by"):
        measures.compute(
            history.analyst, dt.date(2026, 12, 1), dt.date(2026, 12, 31), "officer", london("2026-12-14 09:00")
        )


def test_police_see_only_their_own_force(history: World) -> None:
    rows = measures.compute(
        history.other_force_officer, dt.date(2026, 12, 1), dt.date(2026, 12, 31), "force", london("2026-12-14 09:00")
    )
    assert [r.label for r in rows] == ["Metropolitan Police Service"]


def test_the_csv_has_a_header_and_one_line_per_group(history: World) -> None:
    rows = measures.compute(
        history.supervisor, dt.date(2026, 12, 1), dt.date(2026, 12, 31), "team", london("2026-12-14 09:00")
    )
    table = list(csv.reader(io.StringIO(measures.to_csv(rows, "team"))))
    assert table[0] == measures.CSV_HEADER
    assert table[1][:4] == ["team", "Modern Slavery Unit", "5", "2"]
    assert table[1][8] == "40.0"


def test_a_name_cannot_become_a_spreadsheet_formula() -> None:
    row = measures.MeasureRow(1, '=HYPERLINK("http://x")')
    assert list(csv.reader(io.StringIO(measures.to_csv([row], "officer"))))[1][1].startswith("'=")

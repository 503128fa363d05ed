"""Victim updates that fit the work (issue 10 item 3): overdue duties of one kind to one victim are
one row, met by one recorded update; a grouped update naming no duty is refused with a message;
the update form starts at today; the three actions say how they differ."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from tests.factories import World
from tests.victims_code.conftest import london

from lantern.victims_code import queries, services
from lantern.victims_code.models import Channel, Duty, EventKind

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def three_missed(world: World, clock: time_machine.Traveller) -> list[Duty]:
    for day in ("2026-12-01 10:00", "2026-12-02 10:00", "2026-12-03 10:00"):
        services.record_event(world.oic, world.case, EventKind.SUSPECT_ARRESTED, london(day))
    clock.move_to(london("2026-12-21 09:00"))
    duties = list(Duty.objects.filter(case=world.case, event__kind=EventKind.SUSPECT_ARRESTED).order_by("due_on"))
    assert len(duties) == 3
    assert len({d.kind for d in duties}) == 1
    return duties


def form(world: World, **extra: object) -> dict[str, object]:
    return {
        "victim": world.victim.pk,
        "given_on_day": "21",
        "given_on_month": "12",
        "given_on_year": "2026",
        "given_time": "08:30",
        "channel": Channel.PHONE,
        "language": "lv",
        "interpreter_used": "no",
        "summary": "Told her about the three arrests and what happens next.",
        **extra,
    }


def test_missed_updates_of_one_kind_are_one_row_met_by_one_update(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    duties = three_missed(world, clock)
    client.force_login(world.oic)
    page = client.get(reverse("victims_code:case_duties", args=[world.case.pk])).content.decode()
    since = duties[0].due_on
    assert f"3 updates missed since {since.day} December" in text(page)
    assert page.count('data-testid="missed-group"') == 1
    assert "Record one update for all 3" in page

    url = reverse("victims_code:record_update", args=[world.case.pk])
    refused = client.post(url, form(world, group=duties[0].kind))
    assert refused.status_code == 400
    assert "Tick the missed updates this update meets" in refused.content.decode()

    done = client.post(url, form(world, group=duties[0].kind, duties=[d.pk for d in duties]))
    assert done.status_code == 302
    assert set(Duty.objects.filter(pk__in=[d.pk for d in duties]).values_list("state", flat=True)) == {
        Duty.State.MET_LATE
    }


def test_grouping_keeps_single_overdue_duties_and_other_victims_apart(
    world: World, clock: time_machine.Traveller
) -> None:
    duties = three_missed(world, clock)
    rows = [r for r in queries.case_duties(world.case, london("2026-12-21 09:00").date()) if r.is_open]
    items = queries.group_overdue(rows)
    groups = [i for i in items if isinstance(i, queries.DutyGroup)]
    arrests = [g for g in groups if g.duty.kind == duties[0].kind]
    assert [g.count for g in arrests] == [3]
    assert len(items) == len(rows) - sum(g.count - 1 for g in groups)
    assert all(len({r.duty.victim_id for r in g.rows}) == 1 for g in groups)


def test_the_update_form_starts_at_today_and_the_actions_say_how_they_differ(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    client.force_login(world.oic)
    page = client.get(reverse("victims_code:record_update", args=[world.case.pk])).content.decode()
    assert 'name="given_on_day" type="text" inputmode="numeric" value="7"' in page
    assert 'name="given_on_year" type="text" inputmode="numeric" value="2026"' in page
    case_page = client.get(reverse("victims_code:case_duties", args=[world.case.pk])).content.decode()
    for action in ("Record an update you gave", "Send an update from Lantern", "Record a case event"):
        assert action in case_page
    assert "Which one do I need?" in case_page


def test_my_cases_filters_open_and_closed_and_gives_each_case_its_next_deadline(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    client.force_login(world.oic)
    open_page = client.get(reverse("cases:my_cases")).content.decode()
    assert 'data-testid="case-filter"' in open_page
    assert "Your open cases" in open_page
    assert "WMP 20/000123/26" in open_page
    nearest = Duty.objects.filter(case=world.case, state=Duty.State.OPEN).order_by("due_on", "pk").first()
    assert nearest is not None
    assert f"{nearest.due_on.day} {nearest.due_on:%b %Y}" in text(open_page)
    closed_page = client.get(reverse("cases:my_cases"), {"status": "closed"}).content.decode()
    assert "None of your cases is closed." in closed_page
    assert "WMP 20/000123/26" not in closed_page
    assert client.get(reverse("cases:my_cases"), {"status": "nonsense"}).status_code == 200


def test_the_terms_on_the_victim_updates_page_link_to_the_glossary(world: World, client: Client) -> None:
    client.force_login(world.oic)
    page = client.get(reverse("victims_code:case_duties", args=[world.case.pk])).content.decode()
    assert f'href="{reverse("core:glossary")}#term-enhanced-rights"' in page

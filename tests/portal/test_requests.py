"""A request for an update: a Victims' Code duty for the officer in charge with the deadline from
the table (local policy, unverified), met by the next update, escalated by the sweep when left
unanswered, and counted."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from tests.factories import World
from tests.portal.conftest import give_update, london

from lantern.core import clock as service_clock
from lantern.core.auth import issue_token
from lantern.portal import requests, rules
from lantern.portal.models import UpdateRequest
from lantern.victims_code.models import DeadlineRule, Duty, DutyKind, Escalation
from lantern.victims_code.sweep import run_sweep


def test_the_deadline_row_is_local_policy_of_five_working_days(db: None) -> None:
    row = DeadlineRule.objects.get(duty_kind=DutyKind.UPDATE_REQUESTED)
    assert (row.standard_working_days, row.enhanced_working_days, row.verified) == (5, 5, False)


def test_advocate_request_through_the_api_becomes_a_duty_for_the_officer(world: World) -> None:
    w = world
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.advocate)}")
    response = client.post(
        f"/api/v1/cases/{w.case.pk}/update-requests",
        json.dumps({"message": "She has heard nothing"}),
        "application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["requester"] == "advocate"
    assert body["due_on"] == "2026-12-14"
    request = UpdateRequest.objects.get(pk=body["id"])
    assert request.duty.owner == w.oic
    assert request.duty.kind == DutyKind.UPDATE_REQUESTED
    again = client.post(f"/api/v1/cases/{w.case.pk}/update-requests", "{}", "application/json")
    assert again.status_code == 422
    assert "already asked" in json.dumps(again.json())
    too_long = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.advocate)}").post(
        f"/api/v1/cases/{w.case.pk}/update-requests", json.dumps({"message": "x" * 501}), "application/json"
    )
    assert too_long.status_code == 422


@pytest.mark.parametrize("persona", ["advocate_no_consent", "advocate_withdrawn", "oic", "cps"])
def test_only_a_consenting_advocate_asks_through_the_api(world: World, persona: str) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(getattr(world, persona))}")
    response = client.post(f"/api/v1/cases/{world.case.pk}/update-requests", "{}", "application/json")
    assert response.status_code == 404
    assert not UpdateRequest.objects.exists()


def test_recording_an_update_answers_the_request(world: World, clock: time_machine.Traveller) -> None:
    w = world
    made = requests.request_update(w.case, w.victim, advocate=w.advocate)
    clock.move_to(london("2026-12-08 10:00"))
    give_update(w, london("2026-12-08 09:30"))
    made.duty.refresh_from_db()
    assert made.duty.state == Duty.State.MET
    times = requests.measures(requests.scope_for(w.supervisor), service_clock.today())
    assert (times.count, times.answered, times.open) == (1, 1, 0)
    assert times.median_days_to_answer == 1.0


def test_an_unanswered_request_becomes_overdue_and_reaches_the_supervisor(
    world: World, clock: time_machine.Traveller
) -> None:
    w = world
    w.oic.team = w.supervisor.team
    made = requests.request_update(w.case, w.victim, advocate=None)
    assert made.requester == "victim"
    clock.move_to(london("2026-12-15 09:00"))  # due 14 December: overdue now
    run_sweep()
    escalation = Escalation.objects.get(duty=made.duty)
    assert escalation.level == 1
    chased = requests.chased_most(requests.scope_for(w.supervisor))
    assert chased[0].case == w.case
    assert chased[0].requests == 1
    assert chased[0].open == 1
    times = requests.measures(requests.scope_for(w.supervisor), service_clock.today())
    assert times.overdue == 1


def test_requests_page_for_police_and_analysts(world: World) -> None:
    requests.request_update(world.case, world.victim, advocate=world.advocate)
    client = Client()
    client.force_login(world.supervisor)
    page = client.get(reverse("portal:requests"))
    assert page.status_code == 200
    assert b"Cases chased most" in page.content
    assert b"20/000123/26" in page.content
    client.force_login(world.analyst)
    page = client.get(reverse("portal:requests"))
    assert page.status_code == 200
    assert b"Cases chased most" not in page.content


def test_the_advocate_page_button_requests_an_update(world: World) -> None:
    client = Client()
    client.force_login(world.advocate)
    url = reverse("portal:client_case", args=[world.case.pk])
    response = client.post(url, {"message": "Any news?"})
    assert response.status_code == 302
    assert UpdateRequest.objects.get().message == "Any news?"
    page = client.get(url).content.decode()
    assert "has until" in page


def test_request_times_rule() -> None:
    t0 = london("2026-12-07 09:00")
    times = rules.request_times(
        [(t0, london("2026-12-09 09:00"), t0.date()), (t0, None, london("2026-12-01 00:00").date())],
        london("2026-12-10 00:00").date(),
    )
    assert (times.count, times.answered, times.open, times.overdue, times.median_days_to_answer) == (2, 1, 1, 1, 2.0)


def test_a_message_too_long_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        requests.request_update(world.case, world.victim, advocate=world.advocate, message="x" * 501)

"""The portal tests: the test world (tests.factories) at a frozen London time, with the victim's
initial duties, and helpers to give the victim an update and open their page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from tests.factories import World, build_world

from lantern.portal import invitations
from lantern.victims_code import services

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Monday 7 December 2026, 09:00 in London."""
    with time_machine.travel(london("2026-12-07 09:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(db: None, clock: time_machine.Traveller) -> World:
    w = build_world()
    services.on_victim_added(w.case, w.victim, w.oic)
    return w


def give_update(w: World, at: dt.datetime | None = None) -> None:
    services.record_update(
        w.oic,
        w.case,
        services.NewUpdate(w.victim, at or london("2026-12-07 08:30"), "phone", "lv", "Told about the arrest"),
    )


def open_page(client: Client, issued: invitations.Issued) -> None:
    response = client.post(issued.path, {"passcode": issued.passcode})
    assert response.status_code == 302, response.content[:300]

"""Shared set-up for the Victims' Code tests: the test world at a frozen London time, with the
victim's initial duties created as adding them through the service would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from tests.factories import World, build_world

from lantern.victims_code import services

LONDON = ZoneInfo("Europe/London")


def london(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Monday 7 December 2026, 09:00 in London; tests move it with clock.move_to(...)."""
    with time_machine.travel(london("2026-12-07 09:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(db: None, clock: time_machine.Traveller) -> World:
    w = build_world()
    services.on_victim_added(w.case, w.victim, w.oic)
    other_victim = w.other_case.parties.get(role="victim").person
    services.on_victim_added(w.other_case, other_victim, w.other_force_officer)
    return w

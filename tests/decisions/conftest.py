"""Shared set-up for the decisions tests: the test world at a frozen London time, with the
victim's initial Victims' Code duties created as adding them through the service would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from tests.decisions.helpers import london
from tests.factories import World, build_world

from lantern.victims_code import services as victims_code


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """Monday 7 December 2026, 09:00 in London; tests move it with clock.move_to(...)."""
    with time_machine.travel(london("2026-12-07 09:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def world(db: None, clock: time_machine.Traveller) -> World:
    w = build_world()
    victims_code.on_victim_added(w.case, w.victim, w.oic)
    return w

"""Generated data for the oversight tests: the demo generator at demo scale, with the Victims'
Code, safeguarding and decision records the demo derives from it, as of a fixed day."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.core.management import call_command

TODAY = dt.date(2026, 11, 25)


def generate(scale: str = "tiny", seed: int = 1) -> None:
    out = io.StringIO()
    call_command(
        "generate", "--scale", scale, "--seed", str(seed), "--today", TODAY.isoformat(), "--no-progress", stdout=out
    )
    call_command("synthetic_duties", "--seed", str(seed), stdout=out)
    call_command("synthetic_safeguarding", "--seed", str(seed), stdout=out)
    call_command("synthetic_decisions", "--seed", str(seed), stdout=out)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def generated(db: None, frozen: None) -> None:
    generate()

"""LANTERN_CLOCK (training and demonstration) and `./lantern sweep --as-of` (issue 10, item 5):
refused in production, shown on every page, and the sweep under a training clock gets the same
deadlines across Christmas and Easter as the working-day rules' boundary tests."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from tests.factories import World
from tests.victims_code.conftest import london

from lantern.core import clock as service_clock
from lantern.victims_code import services
from lantern.victims_code.models import Duty, DutyKind, Escalation, EventKind

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def training(moment: str) -> Iterator[None]:
    """Run the service as of `moment` (London time), as LANTERN_CLOCK would."""
    service_clock._offset_for.cache_clear()
    try:
        with override_settings(LANTERN_CLOCK=moment):
            yield
    finally:
        service_clock._offset_for.cache_clear()


def sweep_as_of(moment: str) -> str:
    out = StringIO()
    call_command("sweep", "--no-schedule", "--as-of", moment, stdout=out)
    return out.getvalue()


def arrest_escalations(world: World) -> int:
    return Escalation.objects.filter(duty__case=world.case, duty__kind=DutyKind.SUSPECT_ARRESTED).count()


def test_lantern_clock_is_refused_under_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lantern.config.settings",
        "LANTERN_PRODUCTION": "1",
        "LANTERN_CLOCK": "2027-12-24T18:30",
        "LANTERN_SECRET_KEY": "x" * 50,
        "LANTERN_FIELD_KEYS": "x" * 44,
        "LANTERN_AUDIT_KEY": "x" * 50,
        "LANTERN_SECRETS_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
    }
    code = "import django; django.setup()"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode != 0
    assert "LANTERN_CLOCK is for training and demonstration only" in done.stderr
    env.pop("LANTERN_CLOCK")
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0  # noqa: S603


def test_every_page_shows_the_training_clock_when_it_is_set(world: World) -> None:
    client = Client()
    client.force_login(world.oic)
    assert "Training clock" not in client.get("/", follow=True).content.decode()
    with training("2027-12-24T18:30"):
        page = client.get("/", follow=True).content.decode()
    assert "Training clock: 24 December 2027" in page


def test_the_sweep_as_of_refuses_a_moment_in_the_future_of_the_service_clock(world: World) -> None:
    with training("2026-12-24T23:30"), pytest.raises(CommandError, match="in the future"):
        sweep_as_of("2026-12-25")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        sweep_as_of("Christmas")


@pytest.mark.parametrize(
    ("recorded_at", "occurred_at", "due_on", "last_quiet", "first_escalated", "later"),
    [
        # Christmas 2026: Christmas Day, the weekend and the Boxing Day substitute skipped.
        (
            "2026-12-24T23:30",
            "2026-12-24 22:00",
            dt.date(2026, 12, 29),
            "2026-12-29T20:00",
            "2026-12-30T06:00",
            "2027-01-04T09:00",
        ),
        # Easter 2027: Good Friday, the weekend and Easter Monday skipped.
        (
            "2027-03-25T12:30",
            "2027-03-25 12:00",
            dt.date(2027, 3, 30),
            "2027-03-30T20:00",
            "2027-03-31T06:00",
            "2027-04-06T09:00",
        ),
    ],
    ids=["christmas", "easter"],
)
def test_missed_sweeps_rerun_under_a_training_clock_give_the_rules_deadlines(
    world: World,
    clock: time_machine.Traveller,
    recorded_at: str,
    occurred_at: str,
    due_on: dt.date,
    last_quiet: str,
    first_escalated: str,
    later: str,
) -> None:
    with training(recorded_at):
        services.record_event(world.oic, world.case, EventKind.SUSPECT_ARRESTED, london(occurred_at), "Arrested")
    arrests = Duty.objects.filter(case=world.case, kind=DutyKind.SUSPECT_ARRESTED)
    assert {d.due_on for d in arrests} == {due_on}
    with training(later):  # the operator re-runs the sweeps that were missed over the holiday
        sweep_as_of(last_quiet)
        assert arrest_escalations(world) == 0, "not overdue until the due day has ended"
        sweep_as_of(first_escalated)
        assert arrest_escalations(world) == arrests.count()

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
    call_command("synthetic_orders", "--seed", str(seed), stdout=out)
    portal_records(seed)


def portal_records(seed: int = 1) -> None:
    """Requests for updates (answered on time, late, not yet, some past their deadline) and survey
    answers, spread over the year, for the portal's measures (registered by portal, computed by
    oversight)."""
    import random

    from lantern.cases.models import CaseParty, PartyRole
    from lantern.core.clock import LONDON
    from lantern.core.models import Force
    from lantern.portal import requests
    from lantern.portal.models import FeedbackResponse, Occasion, Requester
    from lantern.victims_code.models import Duty

    rng = random.Random(seed)  # noqa: S311 - test data
    victims = list(
        CaseParty.objects.filter(role=PartyRole.VICTIM).exclude(case__status="closed").select_related("case", "person")
    )
    for n, party in enumerate(rng.sample(victims, min(24, len(victims)))):
        request = requests.request_update(party.case, party.person, advocate=None, message="")
        asked = dt.datetime(2026, 1 + n % 11, 3 + n % 20, 10, 30, tzinfo=LONDON)
        due = asked.date() + dt.timedelta(days=7)
        state = [Duty.State.MET, Duty.State.MET_LATE, Duty.State.OPEN][n % 3]
        met = asked + dt.timedelta(days=[2, 12, 0][n % 3], hours=n) if state != Duty.State.OPEN else None
        Duty.objects.filter(pk=request.duty_id).update(due_on=due, state=state, met_at=met)
        type(request).objects.filter(pk=request.pk).update(requested_at=asked)
    forces = list(Force.objects.filter(pk__in=CaseParty.objects.values("case__force_id")).order_by("pk")[:4])
    rows = []
    for n in range(90):
        answers: dict[str, int | None] = {
            q: rng.choice([None, 1, 2, 3, 4, 5, 5]) for q in ("kept_informed", "listened_to", "believed")
        }
        answers["respected"] = rng.choice([None, 2, 4, 5])
        answers["would_report_again"] = rng.choice([1, 3, 4, 5])
        rows.append(
            FeedbackResponse(
                force=forces[n % len(forces)],
                month=dt.date(2026, 1 + n % 11, 1),
                occasion=rng.choice(list(Occasion)),
                respondent=Requester.VICTIM,
                language="en",
                **answers,
            )
        )
    FeedbackResponse.objects.bulk_create(rows)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def generated(db: None, frozen: None) -> None:
    generate()

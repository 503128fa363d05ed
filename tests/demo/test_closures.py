"""The demo contains cases its sign-ins can take through closure (issue 10 item 2): closing
decisions proposed by `investigator`, two ready for `supervisor` to sign off and close, one still
missing the victim's account; the supervisor's "Sign off and close" closes the case with its letter."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from lantern.cases.models import CaseStatus
from lantern.core.models import User
from lantern.decisions import services
from lantern.decisions.models import Decision, DecisionLetter
from lantern.demo.generator import anchor_for, generate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 16)


def test_the_demo_supervisor_can_take_a_waiting_decision_to_a_closed_case_with_its_letter() -> None:
    with time_machine.travel(anchor_for(TODAY), tick=False):
        generate("tiny", seed=3, today=TODAY)
        call_command("demo_closures", stdout=io.StringIO())
        investigator = User.objects.get(username="investigator")
        supervisor = User.objects.get(username="supervisor")
        waiting = list(
            Decision.objects.filter(case__officer_in_charge=investigator, kind="close", state="proposed").order_by("pk")
        )
        checks = [services.sign_off_check(supervisor, d) for d in waiting]
        ready = [d for d, c in zip(waiting, checks, strict=True) if c.may_ask and c.ready]
        assert len(ready) == 2
        assert any(c.missing for c in checks), "one case shows the checklist with items missing"
        result = services.sign_off_and_close(supervisor, ready[0])
        assert result.closed, result.not_closed_because
        ready[0].case.refresh_from_db()
        assert ready[0].case.status == CaseStatus.CLOSED
        assert DecisionLetter.objects.filter(decision=ready[0], update__isnull=False).exists()


def test_demo_closures_runs_once() -> None:
    with time_machine.travel(anchor_for(TODAY), tick=False):
        generate("tiny", seed=3, today=TODAY)
        call_command("demo_closures", stdout=io.StringIO())
        waiting = Decision.objects.filter(kind="close", state="proposed").count()
        again = io.StringIO()
        call_command("demo_closures", stdout=again)
        assert "supervisor: 0" in again.getvalue()
        assert Decision.objects.filter(kind="close", state="proposed").count() == waiting

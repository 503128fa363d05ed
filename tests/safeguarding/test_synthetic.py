"""Synthetic safeguarding records on generated data: consistent with the rules, and safe to export."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from lantern.cases.models import Case
from lantern.demo.generator import generate
from lantern.nrm.models import NrmDecision
from lantern.safeguarding import queries
from lantern.safeguarding.models import Interpreter, InterpreterBooking, ProtectedDetail
from lantern.safeguarding.protected import protection
from lantern.safeguarding.rules import find_protected_values

pytestmark = pytest.mark.django_db


def test_synthetic_safeguarding_is_consistent_and_idempotent() -> None:
    generate("demo", seed=3, today=date(2026, 3, 16), cases=200)
    out = StringIO()
    call_command("synthetic_safeguarding", "--seed", "3", stdout=out)
    assert "interpreters" in out.getvalue()
    assert Interpreter.objects.count() > 10
    assert InterpreterBooking.objects.exists()
    assert ProtectedDetail.objects.exists()
    # Confirmed bookings match; proposed ones carry the check's findings.
    for booking in InterpreterBooking.objects.all():
        assert (booking.status == "confirmed") == (booking.findings == [])
    for decision in NrmDecision.objects.filter(kind="cg"):
        assert NrmDecision.objects.filter(referral=decision.referral, kind="rg", positive=True).exists()
    counts = call_command("synthetic_safeguarding", "--seed", "3", stdout=StringIO())
    assert counts is None
    assert Interpreter.objects.count() == len({i.name for i in Interpreter.objects.all()})
    assert sum(r.s45_total for r in queries.counts_per_force()) >= 0
    for case in Case.objects.filter(protected_details__isnull=False).distinct()[:40]:
        document, _withheld = protection.export(case.officer_in_charge, case, recipient="CPS", reason="Disclosure")
        assert find_protected_values(document, protection.protected_values_for_case(case)) == []


def test_protected_locations_hold_no_address_and_their_encrypted_detail_blocks_an_export() -> None:
    """A protected location can no longer hold its address (a constraint; the migration moved old
    ones, tests/safeguarding/test_protected_locations.py): encrypt_protected_locations finds
    nothing to move, and the encrypted detail still blocks an export that mentions it."""
    from tests.factories import build_world

    from lantern.cases.models import CaseLocation
    from lantern.people.models import Location

    w = build_world()
    loc = Location.objects.create(
        kind="refuge",
        description=Location.ENCRYPTED_DESCRIPTION,
        protected=True,
        protected_reason="Refuge address",
        person=w.victim,
    )
    CaseLocation.objects.create(case=w.case, location=loc)
    protection.protect(
        w.oic,
        kind="refuge",
        label="Current refuge",
        value="3 Oak Lane, Coventry, CV1 2AB",
        reason="Refuge address",
        case=w.case,
        person=w.victim,
    )
    assert protection.encrypt_protected_locations() == 0
    detail = ProtectedDetail.objects.get(person=w.victim)
    assert "Oak" not in detail.value_token
    assert detail.kind == "refuge"
    w.case.summary = "Collected from 3 Oak Lane"
    w.case.save()
    with pytest.raises(protection.DisclosureRefused):
        protection.export(w.oic, w.case, recipient="CPS", reason="Disclosure")

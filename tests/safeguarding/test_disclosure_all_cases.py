"""Done-when for issue 5: no disclosure export of any case of a generated data set contains any
protected value. The generator's protected locations (safe houses, refuges) are joined by
protected details (new phone numbers, safe-house addresses) on a share of victims, and some of
those values are typed into case summaries and timeline notes, as an officer might; each such
export must be refused until redacted, and no export that is made may contain one."""

from __future__ import annotations

import random
from datetime import date

import pytest

from lantern.cases.models import Case, CaseParty, TimelineEvent
from lantern.core import crypto
from lantern.demo.generator import generate
from lantern.people.models import Location
from lantern.safeguarding.models import ProtectedDetail
from lantern.safeguarding.protected import protection
from lantern.safeguarding.rules import find_protected_values

TODAY = date(2026, 3, 16)
pytestmark = pytest.mark.django_db


def test_no_disclosure_export_of_any_generated_case_contains_a_protected_value() -> None:
    generate("demo", seed=7, today=TODAY, cases=250)
    rng = random.Random(7)
    cases = list(Case.objects.select_related("force", "officer_in_charge").order_by("pk"))
    assert len(cases) >= 250
    planted: set[int] = set()
    for case in cases:
        victims = list(CaseParty.objects.filter(case=case, role="victim").select_related("person"))
        if not victims or rng.random() > 0.3:
            continue
        victim = victims[0].person
        officer = case.officer_in_charge
        phone = f"07700 9{rng.randrange(10000, 99999)}"
        protection.protect(
            officer,
            kind="phone",
            label="New phone",
            value=phone,
            reason="Victim's new phone: the exploiters have the old one",
            person=victim,
            case=case,
        )
        if rng.random() < 0.5:
            protection.protect(
                officer,
                kind="safe_house",
                label="Safe house",
                value=f"{rng.randrange(1, 200)} Quarry Lane, Dudley DY{rng.randrange(1, 9)} 4QT",
                reason="Safe house",
                case=case,
                person=victim,
            )
        if rng.random() < 0.4:  # an officer types the phone into the summary or a note
            if rng.random() < 0.5:
                Case.objects.filter(pk=case.pk).update(summary=case.summary + f" Call her on {phone}.")
            else:
                TimelineEvent.objects.create(
                    case=case, kind="note", summary=f"ABE arranged; contact {phone}", force=case.force
                )
            planted.add(case.pk)
    for detail in ProtectedDetail.objects.filter(kind__in=["safe_house", "refuge"], person__isnull=False)[:15]:
        party = CaseParty.objects.filter(person=detail.person).select_related("case").first()
        if party is not None:
            address = crypto.decrypt(detail.value_token)
            Case.objects.filter(pk=party.case_id).update(summary=f"Moved to {address}.")
            planted.add(party.case_id)
    assert planted, "the data set should have some protected values typed into text"
    assert Location.objects.filter(protected=True).exists(), "the generator makes protected locations"

    refused = 0
    for case in Case.objects.select_related("force", "officer_in_charge").order_by("pk"):
        officer = case.officer_in_charge
        values = protection.protected_values_for_case(case)
        try:
            document, withheld = protection.export(officer, case, recipient="CPS", reason="Disclosure")
        except protection.DisclosureRefused as exc:
            refused += 1
            protection.redact_found(officer, case, exc.found)
            document, withheld = protection.export(officer, case, recipient="CPS", reason="Disclosure")
        else:
            assert case.pk not in planted, f"case {case.pk} had a protected value in its text but was exported"
        assert find_protected_values(document, values) == [], case.pk
        for item in values:
            assert item.value not in document
        assert len(withheld) >= len({v.id for v in values})
    assert refused >= len(planted)

"""One search finds any reference or any spelling of a name, only among cases the user may see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.factories import build_world, new_case, person

from lantern.cases.lookup import LookupResult, lookup
from lantern.cases.models import CaseParty
from lantern.cases.references import normalise_reference
from lantern.nrm import services as nrm_services
from lantern.nrm.models import DtnCaseLink, DutyToNotify
from lantern.people.models import PersonName


def _ids(result: LookupResult) -> list[int]:
    return [h.case.pk for h in result.cases]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["20/000123/26", "20-000123-26", "20 000123 26", "2000012326", "WMP 20/000123/26", "wmp-20-000123-26"]
)
def test_crime_reference_in_any_format(query: str) -> None:
    w = build_world()
    result = lookup(w.colleague, query)
    assert _ids(result) == [w.case.pk]
    hit = result.cases[0]
    assert hit.case.officer_in_charge == w.oic
    assert hit.case.officer_in_charge.team is not None
    assert hit.case.officer_in_charge.phone


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "Ilze Bērziņa",  # as written
        "Ilze Berzina",  # no diacritics
        "Berzina Ilze",  # swapped
        "Ilze Berzins",  # typo / masculine form
        "Илзе Берзиня",  # Cyrillic
        "ilze berzinya",  # transliteration of the Cyrillic
    ],
)
def test_name_in_any_spelling_finds_the_victims_case(query: str) -> None:
    w = build_world()
    assert _ids(lookup(w.oic, query)) == [w.case.pk]


@pytest.mark.django_db
def test_unrelated_name_finds_nothing() -> None:
    w = build_world()
    assert lookup(w.oic, "Mohammed Ahmed").cases == []


@pytest.mark.django_db
def test_date_of_birth_narrows_name_matches() -> None:
    w = build_world()
    w.victim.date_of_birth = date(1994, 3, 2)
    w.victim.save()
    assert _ids(lookup(w.oic, "Ilze Berzina", date(1994, 3, 2))) == [w.case.pk]
    assert lookup(w.oic, "Ilze Berzina", date(1990, 1, 1)).cases == []
    with pytest.raises(ValidationError):
        lookup(w.oic, "Ilze Berzina", date.today() + timedelta(days=1))


@pytest.mark.django_db
def test_other_forces_cases_are_not_found_by_reference_or_name() -> None:
    w = build_world()
    assert lookup(w.oic, "01/987654/26").cases == []
    assert lookup(w.oic, "Anjeza Hoxha").cases == []
    assert _ids(lookup(w.other_force_officer, "Anjeza Hoxha")) == [w.other_case.pk]


@pytest.mark.django_db
def test_advocate_finds_only_consenting_clients_cases() -> None:
    w = build_world()
    assert _ids(lookup(w.advocate, "Ilze Berzina")) == [w.case.pk]
    assert lookup(w.advocate_no_consent, "Ilze Berzina").cases == []
    assert lookup(w.advocate, "Anjeza Hoxha").cases == []


@pytest.mark.django_db
def test_nrm_reference_finds_the_case_once_linked_and_alerts_until_then() -> None:
    w = build_world()
    received = timezone.now() - timedelta(hours=30)
    referral = nrm_services.receive_referral(
        w.oic,
        reference="NRM-2026-0042",
        person=w.victim,
        first_responder="Salvation Army",
        referred_at=received - timedelta(days=1),
        received_at=received,
    )
    before = lookup(w.oic, "nrm 2026 0042")
    assert before.cases == []
    assert [a.referral.pk for a in before.unlinked_referrals] == [referral.pk]
    assert before.unlinked_referrals[0].overdue
    nrm_services.link_referral(w.oic, referral, w.case)
    after = lookup(w.oic, "NRM-2026-0042")
    assert _ids(after) == [w.case.pk]
    assert after.unlinked_referrals == []
    assert _ids(lookup(w.oic, "SCA NRM20260042")) == [w.case.pk]


@pytest.mark.django_db
def test_referral_alert_starts_after_24_hours_not_before() -> None:
    w = build_world()
    now = timezone.now()
    fresh = nrm_services.receive_referral(
        w.oic,
        reference="NRM-1",
        person=w.victim,
        first_responder="LA",
        referred_at=now - timedelta(days=2),
        received_at=now - timedelta(hours=23, minutes=59),
    )
    old = nrm_services.receive_referral(
        w.oic,
        reference="NRM-2",
        person=w.victim,
        first_responder="LA",
        referred_at=now - timedelta(days=2),
        received_at=now - timedelta(hours=24),
    )
    alerts = list(nrm_services.unlinked_referrals(w.wmp, now=now))
    assert old in alerts
    assert fresh not in alerts
    nrm_services.record_no_crime(w.oic, old, "Exploitation took place in Latvia only")
    assert old not in nrm_services.unlinked_referrals(w.wmp, now=now)


@pytest.mark.django_db
def test_duty_to_notify_reference_finds_its_case() -> None:
    from lantern.cases.models import CaseReference
    from lantern.cases.references import prefixed

    w = build_world()
    dtn = DutyToNotify.objects.create(
        reference="DTN-2026-000777",
        reference_normalised=normalise_reference("DTN-2026-000777"),
        force=w.wmp,
        notified_at=timezone.now(),
    )
    DtnCaseLink.objects.create(notification=dtn, case=w.case)
    n = normalise_reference(dtn.reference)
    CaseReference.objects.create(
        case=w.case, kind="dtn", issuer="HO", value=dtn.reference, normalised=n, prefixed=prefixed("HO", n)
    )
    assert _ids(lookup(w.oic, "dtn2026000777")) == [w.case.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["", "   ", "x" * 121])
def test_unusable_search_is_refused_with_a_message(bad: str) -> None:
    w = build_world()
    with pytest.raises(ValidationError) as err:
        lookup(w.oic, bad)
    assert err.value.message_dict["q"]


@pytest.mark.django_db
def test_many_similar_names_rank_the_exact_person_first() -> None:
    w = build_world()
    for given_name, family in [("Ilona", "Berzina"), ("Ilze", "Ozola"), ("Inese", "Berzina")]:
        p = person(given_name, family)
        c = new_case(w.oic)
        CaseParty.objects.create(case=c, person=p, role="victim")
    result = lookup(w.oic, "Ilze Berzina")
    assert result.cases[0].case.pk == w.case.pk
    assert PersonName.objects.count() >= 6


separators = st.sampled_from(["", " ", "-", "/", "  ", "."])


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(st.text(alphabet="0123456789ABCDEFabcdef", min_size=1, max_size=5), min_size=1, max_size=5),
    seps=st.lists(separators, min_size=5, max_size=5),
    upper=st.booleans(),
)
def test_normalisation_ignores_case_and_separators(parts: list[str], seps: list[str], upper: bool) -> None:
    written = "".join(p + s for p, s in zip(parts, seps, strict=False))
    typed = written.upper() if upper else written.lower()
    assert normalise_reference(typed) == normalise_reference("".join(parts))

"""The advocate organisation's consent page (issue 11, item 1): an advocate records a client's
consent for their organisation and records its withdrawal, which takes effect at once; bad input
is refused naming the field; only the organisation's own clients can be named (no enumeration);
every read and refusal audited, every change on the timeline."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.factories import World, person

from lantern.cases.models import AdvocateAssignment, TimelineEvent
from lantern.core.models import AuditEntry

URL = reverse("portal:advocate_consent")


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _errors(html: str) -> list[str]:
    """The error messages on a page (the summary's links), in order."""
    return re.findall(
        r'<a href="#[^"]*">([^<]*)</a>', html.split('class="govuk-error-summary"', 1)[-1].split("</ul>")[0]
    )


def body(w: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "victim": w.victim.pk,
        "organisation": w.advocate_withdrawn.organisation_id,
        "advocate": w.advocate_withdrawn.pk,
        "shares": ["share_officer", "share_next_update"],
        "given_how": "in_writing",
        "valid_until_day": "31",
        "valid_until_month": "3",
        "valid_until_year": "2027",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_advocate_records_a_clients_consent_and_sees_the_case_at_once(world: World) -> None:
    w = world
    client = signed_in(w.advocate_withdrawn)
    case_url = reverse("portal:client_case", args=[w.case.pk])
    assert client.get(case_url).status_code == 404  # consent withdrawn earlier
    page = client.get(URL + f"?client={w.victim.pk}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Your clients’ consent" in html
    assert f'<option value="{w.victim.pk}" selected>' in html
    response = client.post(URL, body(w))
    assert response.status_code == 302, response.content.decode()[:2000]
    made = AdvocateAssignment.objects.standing().get(advocate=w.advocate_withdrawn)
    assert made.recorded_through == "advocacy"
    assert (made.share_officer, made.share_decisions, made.share_next_update) == (True, False, True)
    assert made.valid_until is not None
    assert TimelineEvent.objects.filter(case=w.case, summary__startswith="Consent to share with Beacon").exists()
    assert AuditEntry.objects.filter(actor=w.advocate_withdrawn, action="collection", detail__contains="advocacy")
    assert client.get(case_url).status_code == 200  # at once


def test_a_consent_without_an_organisation_or_ending_before_it_starts_is_refused_naming_the_field(
    world: World,
) -> None:
    w = world
    client = signed_in(w.advocate_withdrawn)
    no_org = client.post(URL, body(w, organisation=""))
    assert no_org.status_code == 400
    html = no_org.content.decode()
    assert "Error: Your clients’ consent" in html
    assert 'href="#organisation"' in html or 'href="#id_organisation"' in html
    assert "Choose the organisation the victim consents to share with" in html
    backwards = client.post(
        URL,
        body(
            w,
            given_on_day="1",
            given_on_month="12",
            given_on_year="2026",
            valid_until_day="30",
            valid_until_month="11",
            valid_until_year="2026",
        ),
    )
    assert backwards.status_code == 400
    assert "The end of the consent must be after its start." in backwards.content.decode()
    assert 'href="#valid_until' in backwards.content.decode() or "valid_until" in backwards.content.decode()
    assert not AdvocateAssignment.objects.standing().filter(advocate=w.advocate_withdrawn).exists()


def test_only_the_organisations_own_clients_can_be_named(world: World) -> None:
    """A stranger's id and an id that does not exist get the same answer: nothing is discovered."""
    w = world
    client = signed_in(w.advocate)
    stranger = person("Marta", "Nowak")
    as_stranger = client.post(URL, body(w, victim=stranger.pk, advocate=w.advocate.pk))
    as_missing = client.post(URL, body(w, victim=2_000_000_000, advocate=w.advocate.pk))
    assert as_stranger.status_code == as_missing.status_code == 400
    assert _errors(as_stranger.content.decode()) == _errors(as_missing.content.decode())
    assert _errors(as_missing.content.decode()) == ["Choose your client from the list."]
    assert "Nowak" not in client.get(URL).content.decode()
    assert not AdvocateAssignment.objects.filter(person=stranger).exists()
    # Another organisation's advocate cannot be named either.
    other = client.post(URL, body(w, advocate=w.oic.pk))
    assert other.status_code == 400


def test_the_advocate_records_a_withdrawal_and_it_takes_effect_at_once(world: World) -> None:
    w = world
    client = signed_in(w.advocate)
    standing = AdvocateAssignment.objects.standing().get(advocate=w.advocate)
    assert client.get(reverse("portal:client_case", args=[w.case.pk])).status_code == 200
    page = client.get(URL).content.decode()
    assert reverse("portal:advocate_consent_withdraw", args=[standing.pk]) in page
    response = client.post(reverse("portal:advocate_consent_withdraw", args=[standing.pk]), {"reason": "Told us"})
    assert response.status_code == 302
    standing.refresh_from_db()
    assert standing.consent_withdrawn_at is not None
    assert standing.withdrawn_through == "advocacy"
    assert client.get(reverse("portal:client_case", args=[w.case.pk])).status_code == 404
    assert client.get(reverse("portal:clients")).content.decode().count(w.case.crime_reference) == 0
    assert TimelineEvent.objects.filter(case=w.case, summary__contains="withdrawn (through").exists()


def test_another_organisations_consent_cannot_be_withdrawn_and_the_refusal_is_audited(world: World) -> None:
    w = world
    standing = AdvocateAssignment.objects.standing().get(advocate=w.advocate)
    police = signed_in(w.oic)
    assert police.post(reverse("portal:advocate_consent_withdraw", args=[standing.pk])).status_code == 403
    AdvocateAssignment.objects.filter(pk=standing.pk).update(organisation=None)
    response = signed_in(w.advocate).post(reverse("portal:advocate_consent_withdraw", args=[standing.pk]))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(actor=w.advocate, action="refused", object_id=str(standing.pk)).exists()
    standing.refresh_from_db()
    assert standing.consent_withdrawn_at is None


def test_reading_the_page_is_audited_and_police_are_refused(world: World) -> None:
    w = world
    before = AuditEntry.objects.count()
    assert signed_in(w.advocate).get(URL).status_code == 200
    assert AuditEntry.objects.filter(
        pk__gt=before, actor=w.advocate, action="consultation", object_type="portal.consents"
    ).exists()
    assert signed_in(w.oic).get(URL).status_code == 403

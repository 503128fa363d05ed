"""NRM pages: the alerts, and clearing an alert by recording the crime, linking an existing case
(by crime reference with or without the force code) or recording why no crime."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from tests.web.conftest import WebWorld

from lantern.cases.models import Case, CaseParty
from lantern.nrm.models import NrmReferral


def test_alerts_page_lists_the_referral_with_actions(web: WebWorld, client: Client) -> None:
    client.force_login(web.colleague)
    body = client.get(reverse("nrm:alerts")).content.decode()
    assert "NRM-2026-00042" in body
    assert "Tesfay Gebremedhin" in body
    for name in ("nrm:record_crime", "nrm:link", "nrm:no_crime"):
        assert reverse(name, args=[web.referral.pk]) in body


def test_record_the_crime_from_a_referral(web: WebWorld, client: Client) -> None:
    client.force_login(web.spoc)
    url = reverse("nrm:record_crime", args=[web.referral.pk])
    form = client.get(url).content.decode()
    assert "NRM-2026-00042" in form
    assert "Riverstone Survivor Support Trust" in form
    response = client.post(
        url, {"crime_reference": "20/004242/26", "exploitation_types": ["labour"], "summary": "From the NRM"}
    )
    assert response.status_code == 302
    case = Case.objects.get(crime_reference="20/004242/26")
    assert CaseParty.objects.filter(case=case, person=web.referred_person, role="victim").exists()
    assert web.referral.cases.filter(pk=case.pk).exists()
    assert reverse("nrm:no_crime", args=[web.referral.pk]) not in client.get(reverse("nrm:alerts")).content.decode()
    # The NRM reference now finds the case.
    assert "20/004242/26" in client.get("/search/", {"q": "NRM-2026-00042"}).content.decode()


def test_record_the_crime_refuses_a_duplicate_reference_and_leaves_nothing(web: WebWorld, client: Client) -> None:
    client.force_login(web.spoc)
    before = Case.objects.count()
    response = client.post(reverse("nrm:record_crime", args=[web.referral.pk]), {"crime_reference": "20/000123/26"})
    assert response.status_code == 400
    assert "already has a case with crime reference" in response.content.decode()
    assert Case.objects.count() == before
    assert not web.referral.cases.exists()


def test_link_to_an_existing_case_with_or_without_the_force_code(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    url = reverse("nrm:link", args=[web.referral.pk])
    missing = client.post(url, {"crime_reference": "20/999999/26"})
    assert missing.status_code == 400
    assert "West Midlands Police has no case with crime reference 20/999999/26" in missing.content.decode()
    other_force = client.post(url, {"crime_reference": "01/987654/26"})  # an MPS case: not found in WMP
    assert other_force.status_code == 400
    assert client.post(url, {"crime_reference": ""}).status_code == 400
    ok = client.post(url, {"crime_reference": "wmp 20-000123-26"})
    assert ok.status_code == 302
    assert web.referral.cases.filter(pk=web.case.pk).exists()
    again = client.post(url, {"crime_reference": "20/000123/26"})
    assert again.status_code == 400
    assert "already linked" in again.content.decode()


def test_record_why_no_crime(web: WebWorld, client: Client) -> None:
    client.force_login(web.supervisor)
    url = reverse("nrm:no_crime", args=[web.referral.pk])
    assert client.post(url, {"no_crime_reason": " "}).status_code == 400
    assert client.post(url, {"no_crime_reason": "Exploitation happened in Italy"}).status_code == 302
    assert NrmReferral.objects.get(pk=web.referral.pk).no_crime_reason == "Exploitation happened in Italy"
    assert reverse("nrm:no_crime", args=[web.referral.pk]) not in client.get(reverse("nrm:alerts")).content.decode()


def test_another_force_cannot_act_on_the_referral(web: WebWorld, client: Client) -> None:
    client.force_login(web.other_force_officer)
    for name in ("nrm:detail", "nrm:link", "nrm:no_crime", "nrm:record_crime"):
        assert client.get(reverse(name, args=[web.referral.pk])).status_code in (403, 404)
    assert client.post(reverse("nrm:no_crime", args=[web.referral.pk]), {"no_crime_reason": "x"}).status_code in (
        403,
        404,
    )
    assert NrmReferral.objects.get(pk=web.referral.pk).no_crime_reason == ""

"""Recording a referral on a page (existing or new person), passing and deciding by page and API,
and the search telling police of another force who holds a reference, never who it is about."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from tests import factories
from tests.web.conftest import WebWorld

from lantern.core.auth import issue_token
from lantern.core.models import Rank, Role, User
from lantern.nrm import passing
from lantern.nrm.models import NrmReferral, ReferralPassing
from lantern.people.models import Person


def _api(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


def test_record_a_referral_for_an_existing_person_from_their_page(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    person_page = client.get(reverse("people:detail", args=[web.victim.pk])).content.decode()
    url = reverse("nrm:record_referral") + f"?person={web.victim.pk}"
    assert url.replace("&", "&amp;") in person_page
    response = client.post(
        url,
        {
            "reference": "NRM-2026-09001",
            "competent_authority": "SCA",
            "first_responder": "Beacon Advocacy Trust",
            "referred_on_day": "3",
            "referred_on_month": "2",
            "referred_on_year": "2026",
            "child_at_exploitation": "no",
        },
    )
    assert response.status_code == 302
    assert NrmReferral.objects.get(reference="NRM-2026-09001").person == web.victim


def test_record_a_referral_for_a_new_person_and_errors_keep_nothing(web: WebWorld, client: Client) -> None:
    client.force_login(web.spoc)
    before = Person.objects.count()
    data = {
        "reference": "NRM-2026-00042",  # already recorded
        "competent_authority": "SCA",
        "first_responder": "LA",
        "referred_on_day": "3",
        "referred_on_month": "2",
        "referred_on_year": "2026",
        "child_at_exploitation": "yes",
        "given_names": "Mai",
        "family_name": "Nguyen",
    }
    refused = client.post(reverse("nrm:record_referral"), data)
    assert refused.status_code == 400
    assert "already recorded" in refused.content.decode()
    assert Person.objects.count() == before
    data["reference"] = "NRM-2026-09002"
    assert client.post(reverse("nrm:record_referral"), data).status_code == 302
    referral = NrmReferral.objects.get(reference="NRM-2026-09002")
    assert referral.person.display_name == "Mai Nguyen"
    assert referral.child_at_exploitation


def test_search_shows_the_holding_force_and_its_spoc_not_the_person(web: WebWorld, client: Client) -> None:
    met_spoc = factories.user(Role.SPOC, web.met, rank=Rank.DS, username="metspoc")
    offer = passing.pass_referral(web.spoc, web.referral, web.met, "Exploited in London")
    passing.accept_passing(met_spoc, offer)
    client.force_login(web.oic)
    body = client.get(reverse("core:search"), {"q": "NRM-2026-00042"}).content.decode()
    assert "is held by Metropolitan Police Service" in body
    assert met_spoc.phone in body
    assert "Gebremedhin" not in body
    found = _api(web.oic).get("/api/v1/lookup", {"q": "NRM-2026-00042"}).json()
    assert found["held_elsewhere"][0]["force_code"] == "MPS"
    assert "Gebremedhin" not in json.dumps(found)


def test_api_records_passes_and_refuses_bad_input(web: WebWorld) -> None:
    api = _api(web.spoc)
    both = api.post(
        "/api/v1/nrm-referrals",
        data=json.dumps(
            {
                "reference": "NRM-API-1",
                "first_responder": "LA",
                "referred_at": timezone.now().isoformat(),
                "person_id": web.victim.pk,
                "person": {"names": [{"given_names": "A", "family_name": "B"}]},
            }
        ),
        content_type="application/json",
    )
    assert both.status_code == 422
    assert "person_id" in both.json()["errors"]
    created = api.post(
        "/api/v1/nrm-referrals",
        data=json.dumps(
            {
                "reference": "NRM-API-1",
                "first_responder": "LA",
                "referred_at": timezone.now().isoformat(),
                "person": {"names": [{"given_names": "Mai", "family_name": "Nguyen"}]},
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201
    referral_id = created.json()["id"]
    same = api.post(
        f"/api/v1/nrm-referrals/{referral_id}/passings",
        data=json.dumps({"to_force_code": "WMP", "reason": "x"}),
        content_type="application/json",
    )
    assert same.status_code == 422
    assert "to_force" in same.json()["errors"]
    unknown = api.post(
        f"/api/v1/nrm-referrals/{referral_id}/passings",
        data=json.dumps({"to_force_code": "ZZZ", "reason": "x"}),
        content_type="application/json",
    )
    assert unknown.status_code == 422
    passed = api.post(
        f"/api/v1/nrm-referrals/{referral_id}/passings",
        data=json.dumps({"to_force_code": "mps", "reason": "Exploited in London"}),
        content_type="application/json",
    )
    assert passed.status_code == 201
    passing_id = passed.json()["id"]
    # The MPS investigator is not its SPOC: refused, nothing moves.
    refused = _api(web.other_force_officer).post(f"/api/v1/nrm-passings/{passing_id}/accept")
    assert refused.status_code == 403
    assert ReferralPassing.objects.get(pk=passing_id).state == ReferralPassing.State.OFFERED
    met_spoc = factories.user(Role.SPOC, web.met, rank=Rank.DS, username="metspoc")
    accepted = _api(met_spoc).post(f"/api/v1/nrm-passings/{passing_id}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["force_code"] == "MPS"
    assert accepted.json()["passings"][0]["state"] == "accepted"


def test_record_a_duty_to_notify_on_a_page(web: WebWorld, client: Client) -> None:
    client.force_login(web.colleague)
    url = reverse("nrm:record_dtn")
    missing = client.post(url, {"notified_on_day": "3", "notified_on_month": "2", "notified_on_year": "2026"})
    assert missing.status_code == 400
    assert "Enter the Duty to Notify reference" in missing.content.decode()
    data = {
        "reference": "DTN-2026-0777",
        "notified_on_day": "3",
        "notified_on_month": "2",
        "notified_on_year": "2026",
        "exploitation_types": ["labour"],
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 400  # the same reference twice
    body = client.get(reverse("core:search"), {"q": "DTN-2026-0777"}).content.decode()
    assert "Duty to Notify record with this reference has no crime linked" in body

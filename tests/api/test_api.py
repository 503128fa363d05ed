"""The JSON API: bearer tokens, the same access policy, field-level 4xx errors, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.factories import build_world

from lantern.core.auth import issue_token
from lantern.core.models import User


def api(user: User | None) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}") if user else Client()


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_openapi_document_lists_the_endpoints() -> None:
    build_world()
    doc = Client().get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/lookup",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/persons",
        "/api/v1/nrm-referrals",
        "/api/v1/cases/{case_id}/timeline",
        "/api/v1/cases/{case_id}/handovers",
    ):
        assert path in doc["paths"], path


@pytest.mark.django_db
def test_no_token_is_401_and_a_bad_token_too() -> None:
    build_world()
    assert Client().get("/api/v1/cases").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/v1/cases").status_code == 401


@pytest.mark.django_db
def test_lookup_returns_officer_contact_details() -> None:
    w = build_world()
    body = api(w.colleague).get("/api/v1/lookup", {"q": "WMP-20-000123-26"}).json()
    assert len(body["cases"]) == 1
    officer = body["cases"][0]["case"]["officer_in_charge"]
    assert officer["name"] == w.oic.get_full_name()
    assert officer["phone"] == w.oic.phone
    assert officer["rank"] == "DC"
    assert officer["team"] == "Modern Slavery Unit"
    assert officer["email"]


@pytest.mark.django_db
def test_analyst_cannot_search_cases() -> None:
    w = build_world()
    assert api(w.analyst).get("/api/v1/lookup", {"q": "20/000123/26"}).status_code == 403


@pytest.mark.django_db
def test_record_case_and_refusals_are_field_level_4xx() -> None:
    w = build_world()
    client = api(w.oic)
    created = post(client, "/api/v1/cases", {"crime_reference": "20/000999/26", "summary": "Nail bar"})
    assert created.status_code == 201, created.content
    dup = post(client, "/api/v1/cases", {"crime_reference": "20-000999-26"})
    assert dup.status_code == 422
    assert "already has a case" in dup.json()["errors"]["crime_reference"][0]
    bad = post(client, "/api/v1/cases", {"crime_reference": "no digits here"})
    assert bad.status_code == 422
    assert bad.json()["errors"]["crime_reference"]
    missing = post(client, "/api/v1/cases", {"summary": "x"})
    assert missing.status_code == 422
    assert "crime_reference" in missing.json()["errors"]
    garbage = client.post("/api/v1/cases", data="{not json", content_type="application/json")
    assert 400 <= garbage.status_code < 500


@pytest.mark.django_db
def test_person_with_future_date_of_birth_is_refused() -> None:
    w = build_world()
    r = post(
        api(w.oic),
        "/api/v1/persons",
        {"names": [{"given_names": "A", "family_name": "B"}], "date_of_birth": "2999-01-01"},
    )
    assert r.status_code == 422
    assert "future" in r.json()["errors"]["date_of_birth"][0]


@pytest.mark.django_db
def test_handover_to_officer_who_cannot_hold_cases_is_422() -> None:
    w = build_world()
    r = post(api(w.oic), f"/api/v1/cases/{w.case.pk}/handovers", {"to_officer_id": w.frontline.pk, "reason": "x"})
    assert r.status_code == 422
    assert r.json()["errors"]["to_officer"]


@pytest.mark.django_db
def test_unknown_force_in_transfer_is_422() -> None:
    w = build_world()
    r = post(api(w.oic), f"/api/v1/cases/{w.case.pk}/transfers", {"to_force_code": "ATLANTIS", "reason": "x"})
    assert r.status_code == 422
    assert "not a force" in r.json()["errors"]["to_force_code"][0]


@pytest.mark.django_db
def test_handover_accept_through_the_api() -> None:
    w = build_world()
    offer = post(
        api(w.oic), f"/api/v1/cases/{w.case.pk}/handovers", {"to_officer_id": w.colleague.pk, "reason": "Leave"}
    )
    assert offer.status_code == 201
    accepted = post(api(w.colleague), f"/api/v1/handovers/{offer.json()['id']}/accept", {})
    assert accepted.status_code == 200
    assert accepted.json()["officer_in_charge"]["id"] == w.colleague.pk
    events = api(w.colleague).get(f"/api/v1/cases/{w.case.pk}/timeline").json()
    assert events[0]["kind"] == "handover_accepted"
    # The contract keeps its names (the model's recorded_at/recorded_by since cases 0009).
    assert {"at", "actor"} <= events[0].keys()
    assert events[0]["actor"] == w.colleague.display_name


@pytest.mark.django_db
def test_concurrent_patch_gets_409_and_keeps_the_first_change() -> None:
    w = build_world()
    version = api(w.oic).get(f"/api/v1/cases/{w.case.pk}").json()["version"]
    first = api(w.oic).patch(
        f"/api/v1/cases/{w.case.pk}",
        data=json.dumps({"version": version, "summary": "one"}),
        content_type="application/json",
    )
    assert first.status_code == 200
    second = api(w.colleague).patch(
        f"/api/v1/cases/{w.case.pk}",
        data=json.dumps({"version": version, "summary": "two"}),
        content_type="application/json",
    )
    assert second.status_code == 409
    assert "changed this case" in second.json()["detail"]
    assert api(w.oic).get(f"/api/v1/cases/{w.case.pk}").json()["summary"] == "one"


@pytest.mark.django_db
def test_other_force_gets_404_for_a_case_it_may_not_see() -> None:
    w = build_world()
    assert api(w.other_force_officer).get(f"/api/v1/cases/{w.case.pk}").status_code == 404


@pytest.mark.django_db
def test_advocate_sees_client_but_not_suspect_or_timeline() -> None:
    w = build_world()
    client = api(w.advocate)
    assert client.get(f"/api/v1/cases/{w.case.pk}").status_code == 200
    names = [p["name"] for p in client.get(f"/api/v1/cases/{w.case.pk}/parties").json()]
    assert names == ["Ilze Bērziņa"]
    assert client.get(f"/api/v1/cases/{w.case.pk}/timeline").status_code == 403
    assert client.get(f"/api/v1/persons/{w.suspect.pk}").status_code == 404


@pytest.mark.django_db
def test_query_parameter_errors_are_4xx() -> None:
    w = build_world()
    client = api(w.oic)
    assert client.get("/api/v1/cases", {"status": "bogus"}).status_code == 422
    assert client.get("/api/v1/cases", {"limit": "abc"}).status_code == 422
    assert client.get("/api/v1/lookup", {"q": "x", "dob": "31/02/1990"}).status_code == 422
    assert client.get("/api/v1/lookup").status_code == 422
    assert client.get("/api/v1/cases/99999999").status_code == 404

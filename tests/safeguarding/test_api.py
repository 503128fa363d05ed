"""The safeguarding API: the issue's bad inputs are a 4xx with field messages (never a 500), a
first response can be driven end to end, and the disclosure export is refused with 409."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.factories import build_world
from tests.safeguarding import api_world as sg

from lantern.core.auth import issue_token
from lantern.core.models import User
from lantern.safeguarding.protected import protection

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


def _post(client: Client, url: str, body: Any, method: str = "post") -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_first_response_by_api_to_a_referral() -> None:
    w = build_world()
    client = _client(w.oic)
    fr = _post(client, "/api/v1/first-responses", {"case_id": w.case.pk}).json()
    assert fr["route"] == ""
    assert fr["missing"]
    updated = _post(client, f"/api/v1/first-responses/{fr['id']}", {"answers": sg.COMPLETE_ADULT}, "patch")
    assert updated.status_code == 200
    assert updated.json()["missing"] == []
    done = _post(client, f"/api/v1/first-responses/{fr['id']}/complete", {"reference": "NRM-API-9"})
    assert done.status_code == 200
    assert done.json()["stage"] == "sent"
    assert done.json()["nrm_referral_id"]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"age_now": "under_18", "consent": "declined"}, "consent"),
        ({"age_now": "adult", "consent": "declined", "given_names": "Ion"}, "given_names"),
        ({"age_now": "adult", "consent": "declined", "phone": "07700 900111"}, "phone"),
        ({"age_now": 17}, "age_now"),
        ({"date_of_birth": "yesterday"}, "date_of_birth"),
        ({"nationalities": "LV"}, "nationalities"),
    ],
)
def test_first_response_bad_input_is_422_on_the_field(answers: dict[str, Any], field: str) -> None:
    w = build_world()
    client = _client(w.oic)
    fr = _post(client, "/api/v1/first-responses", {}).json()
    response = _post(client, f"/api/v1/first-responses/{fr['id']}", {"answers": answers}, "patch")
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_completing_an_incomplete_referral_names_the_missing_items() -> None:
    w = build_world()
    client = _client(w.oic)
    fr = _post(client, "/api/v1/first-responses", {}).json()
    _post(client, f"/api/v1/first-responses/{fr['id']}", {"answers": {"age_now": "adult", "consent": "given"}}, "patch")
    response = _post(client, f"/api/v1/first-responses/{fr['id']}/complete", {"reference": "NRM-X-1"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"narrative", "crime_reference", "nationalities"} <= set(errors)


def test_other_bad_inputs_are_422() -> None:
    w = build_world()
    client = _client(w.oic)
    interpreter = sg.interpreter(w)
    no_language = _post(
        client,
        "/api/v1/interpreter-bookings",
        {
            "person_id": w.victim.pk,
            "interpreter_id": interpreter.pk,
            "purpose": "update",
            "booked_for": "2026-12-01T10:00:00Z",
        },
    )
    assert no_language.status_code == 422
    assert "language" in no_language.json()["errors"]
    body = sg.s45_body(w)
    body.pop("offence_date")
    no_date = _post(client, f"/api/v1/cases/{w.case.pk}/section45", body)
    assert no_date.status_code == 422
    assert "offence_date" in no_date.json()["errors"]
    no_reason = _post(
        client,
        "/api/v1/protected-details",
        {"case_id": w.case.pk, "kind": "phone", "label": "New phone", "value": "07700 900123"},
    )
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["errors"]
    wrong_type = _post(client, "/api/v1/protected-details", {"case_id": "x"})
    assert wrong_type.status_code == 422
    bad_decision = _post(
        client, "/api/v1/nrm-referrals/999999/decisions", {"kind": "rg", "positive": True, "decided_on": "2026-01-01"}
    )
    assert bad_decision.status_code == 404


def test_section45_without_an_age_is_refused() -> None:
    from tests.factories import person

    from lantern.cases.models import CaseParty

    w = build_world()
    p = person("Arben", "Krasniqi")
    CaseParty.objects.create(case=w.case, person=p, role="victim_suspect")
    body = {**sg.s45_body(w), "person_id": p.pk}
    response = _post(_client(w.oic), f"/api/v1/cases/{w.case.pk}/section45", body)
    assert response.status_code == 422
    assert "age_at_offence" in response.json()["errors"]


def test_interpreter_check_over_the_api() -> None:
    from lantern.people.models import LanguageSkill

    w = build_world()
    LanguageSkill.objects.create(person=w.victim, language="lv", level="first")
    client = _client(w.oic)
    russian = _post(
        client, "/api/v1/interpreter-check", {"person_id": w.victim.pk, "language": "ru", "on": "2026-12-01"}
    )
    assert [f["code"] for f in russian.json()] == ["not_spoken"]
    latvian = _post(
        client, "/api/v1/interpreter-check", {"person_id": w.victim.pk, "language": "lv", "on": "2026-12-01"}
    )
    assert latvian.json() == []


def test_disclosure_export_refused_with_409_then_made() -> None:
    w = build_world()
    protection.protect(
        w.oic,
        kind="phone",
        label="New phone",
        value="07700 900321",
        reason="Exploiters have the old",
        case=w.case,
        person=w.victim,
    )
    w.case.summary = "Call her on 07700 900321"
    w.case.save()
    client = _client(w.oic)
    refused = _post(
        client, f"/api/v1/cases/{w.case.pk}/disclosure-export", {"recipient": "CPS", "reason": "Disclosure"}
    )
    assert refused.status_code == 409
    assert "900321" not in refused.content.decode()
    w.case.summary = "Contact through her advocate"
    w.case.save()
    made = _post(client, f"/api/v1/cases/{w.case.pk}/disclosure-export", {"recipient": "CPS", "reason": "Disclosure"})
    assert made.status_code == 200
    assert "900321" not in made.content.decode()
    assert made.json()["withheld"][0]["item"] == "Phone number: New phone"


def test_counts_per_force_by_api() -> None:
    w = build_world()
    share = sg.share(w)
    _post(_client(w.supervisor), f"/api/v1/immigration-shares/{share.pk}/decision", {"approve": True})
    rows = {r["force_code"]: r for r in _client(w.analyst).get("/api/v1/safeguarding/counts").json()}
    # Nationally the single share is a small number: withheld (null); a zero identifies nobody.
    assert rows["WMP"]["shares_approved"] is None
    assert rows["MPS"]["shares_approved"] == 0
    mine = _client(w.supervisor).get("/api/v1/safeguarding/counts").json()
    assert [r["force_code"] for r in mine] == ["WMP"]
    assert mine[0]["shares_approved"] == 1

"""The decisions API: the closing flow by token, and bad input refused with a 4xx naming the
field (never a 500)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.decisions import api_world as dec
from tests.decisions import helpers as h
from tests.factories import World

from lantern.core.auth import issue_token
from lantern.decisions.models import Decision


def api(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_gate_by_api_says_what_is_missing(world: World) -> None:
    body = api(world.oic).get(f"/api/v1/cases/{world.case.pk}/decisions").json()
    assert body["closable"] is False
    keys = {m["key"] for m in body["missing"]}
    assert f"account:{world.victim.pk}" in keys
    assert "enquiry:financial" in keys
    assert "sign_off" in keys


def test_closing_by_api(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    oic, boss = api(world.oic), api(world.supervisor)
    created = post(oic, f"/api/v1/cases/{world.case.pk}/decisions", dec.decision_body("18"))
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert post(boss, f"/api/v1/decisions/{pk}/sign-off", {"agreed": True}).json()["state"] == "signed_off"
    assert post(oic, f"/api/v1/decisions/{pk}/letters", {}).status_code == 201
    closed = post(oic, f"/api/v1/decisions/{pk}/close", {})
    assert closed.json()["state"] == "applied"
    history = oic.get(f"/api/v1/decisions/{pk}").json()["history"]
    assert any(e["title"] == "Case closed" for e in history)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"lines": [{"code": "99"}]}, "lines", "There is no Home Office outcome"),
        ({"reasons": ""}, "reasons", "Write the reasons"),
        ({"reopen_if": ""}, "reopen_if", "what would make the case reopen"),
        ({"kind": "archive"}, "kind", "Choose whether"),
        ({"decided_on": "2099-01-01"}, "decided_on", "cannot be dated in the future"),
        ({"decided_on": "not a date"}, "decided_on", ""),
        ({"lines": "18"}, "lines", ""),
        ({"translation_language": "ti"}, "reasons_translated", "in the translation too"),
    ],
)
def test_bad_decisions_are_refused_on_their_field(
    world: World, changes: dict[str, Any], field: str, words: str
) -> None:
    body = {**dec.decision_body("18"), **changes}  # built under the test's frozen clock
    response = post(api(world.oic), f"/api/v1/cases/{world.case.pk}/decisions", body)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert field in errors
    assert words in " ".join(errors[field])
    assert not Decision.objects.exists()


def test_the_officer_in_charge_signing_off_their_own_decision_is_refused(world: World) -> None:
    decision = dec.proposed(world, ready=True)
    response = post(api(world.oic), f"/api/v1/decisions/{decision.pk}/sign-off", {"agreed": True})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.state == "proposed"


def test_a_reviewer_involved_in_the_decision_is_refused_with_the_reason(world: World) -> None:
    request = dec.review_request(world)
    response = post(
        api(world.supervisor), f"/api/v1/review-requests/{request.pk}/reviewer", {"reviewer_id": world.supervisor.pk}
    )
    assert response.status_code == 422
    assert "at least one rank above the decision maker" in response.json()["errors"]["reviewer"][0]


def test_a_letter_delivery_in_the_future_is_refused(world: World) -> None:
    letter = dec.letter(world)
    response = post(
        api(world.oic),
        f"/api/v1/decision-letters/{letter.pk}/delivery",
        {"method": "posted", "delivered_at": "2099-01-01T10:00:00Z"},
    )
    assert response.status_code == 422
    assert "delivered_at" in response.json()["errors"]

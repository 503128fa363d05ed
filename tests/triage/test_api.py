"""The triage API: bad input is a 422 naming the field and writes nothing; the happy path."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.factories import World, build_world
from tests.triage import world as tw

from lantern.core.auth import issue_token
from lantern.core.models import User
from lantern.triage.models import Allocation, Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return build_world()


def _post(user: User, url: str, body: dict[str, Any]) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_an_assessment_without_a_risk_level_is_422_naming_the_field(w: World) -> None:
    url = f"/api/v1/triage/items/{tw.item(w).pk}/assessment"
    response = _post(w.spoc, url, {"risk_to_others": "low", "organised_crime": "none_known"})
    assert response.status_code == 422
    assert "risk_to_victim" in response.json()["errors"]
    assert not Assessment.objects.exists()


def test_allocation_to_an_unqualified_officer_without_a_reason_is_422(w: World) -> None:
    item = tw.assessed_item(w)
    url = f"/api/v1/triage/items/{item.pk}/allocation"
    refused = _post(w.spoc, url, {"officer_id": w.colleague.pk})
    assert refused.status_code == 422
    assert "reason" in refused.json()["errors"]
    assert _post(w.spoc, url, {"officer_id": 999999}).json()["errors"].keys() == {"officer_id"}
    assert _post(w.spoc, url, {"officer_id": w.frontline.pk, "reason": "x"}).status_code == 422
    assert not Allocation.objects.exists()
    done = _post(w.spoc, url, {"officer_id": w.colleague.pk, "reason": "Speaks Latvian"})
    assert done.status_code == 201
    assert done.json()["qualified"] is False
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.spoc)}")
    assert client.get("/api/v1/triage/allocations/unqualified").json() == {"force_code": "WMP", "count": 1}
    assert client.get("/api/v1/triage/allocations/unqualified", {"since": "bad"}).status_code == 422


def test_candidates_list_qualification_and_caseload(w: World) -> None:
    tw.qualify(w, w.oic)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.spoc)}")
    found = {c["officer_id"]: c for c in client.get(f"/api/v1/triage/items/{tw.item(w).pk}/candidates").json()}
    assert found[w.oic.pk]["qualified"] is True
    assert found[w.oic.pk]["open_cases"] == 1
    assert w.frontline.pk not in found


def test_training_with_an_unknown_skill_is_422(w: World) -> None:
    response = _post(
        w.force_admin, f"/api/v1/triage/officers/{w.oic.pk}/training", {"skill": "x", "achieved_on": "2025-01-01"}
    )
    assert response.status_code == 422
    assert "skill" in response.json()["errors"]

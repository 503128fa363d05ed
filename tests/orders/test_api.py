"""The orders API: refusals are 422 naming the field; reads and changes are audited."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from tests.factories import World, build_world
from tests.orders import world as ow

from lantern.core.auth import issue_token
from lantern.core.models import AuditEntry, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    return build_world()


def _post(user: User, url: str, body: dict[str, Any]) -> Any:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")
    return client.post(url, data=json.dumps(body, default=str), content_type="application/json")


def _body(w: World, **extra: Any) -> dict[str, Any]:
    made = ow.today() - dt.timedelta(days=5)
    return {
        "kind": "stpo_conviction",
        "subject_id": w.suspect.pk,
        "managing_force_code": "WMP",
        "managing_officer_id": w.oic.pk,
        "court": "Birmingham Crown Court",
        "state": "granted",
        "case_ids": [w.case.pk],
        "made_on": made.isoformat(),
        **extra,
    }


def test_create_and_read(w: World) -> None:
    response = _post(w.oic, "/api/v1/orders", _body(w))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["applicant_force_code"] == "WMP"
    assert data["can_manage"]
    assert {d["kind"] for d in data["duties"]} == {"notification", "review"}
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.colleague)}")
    assert client.get(f"/api/v1/orders/{data['id']}").status_code == 200
    assert AuditEntry.objects.filter(
        object_type="orders.order", object_id=str(data["id"]), action="consultation", actor=w.colleague
    ).exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ends_on": (ow.today() + dt.timedelta(days=365)).isoformat()}, "ends_on"),  # shorter than 5 years
        ({"ends_on": (ow.today() - dt.timedelta(days=30)).isoformat()}, "ends_on"),  # ends before it starts
        ({"court": ""}, "court"),
        ({"kind": "interim_stpo"}, "ends_on"),  # an interim order needs a fixed period
        ({"foreign_travel_prohibited": True}, "travel_ends_on"),
        ({"passport_surrender": True}, "passport_station"),
        ({"managing_officer_id": 0}, "managing_officer"),
        ({"made_on": "not a date"}, "made_on"),
    ],
)
def test_bad_orders_are_refused_naming_the_field(w: World, extra: dict[str, Any], field: str) -> None:
    response = _post(w.oic, "/api/v1/orders", _body(w, **extra))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()


def test_bad_operations_are_refused_naming_the_field(w: World) -> None:
    order = ow.granted(w)
    before = (ow.made_on(order) - dt.timedelta(days=1)).isoformat()
    cases = [
        ("prohibitions", {"text": "No work with children", "ends_on": "2099-01-01", "starts_on": before}, "starts_on"),
        (
            "notifications",
            {"names": "D V", "address": "1 High St", "address_force_code": "WMP", "notified_on": before},
            "notified_on",
        ),
        (
            "notifications",
            {
                "names": "D V",
                "address": "1 High St",
                "address_force_code": "ZZZ",
                "notified_on": ow.today().isoformat(),
            },
            "address_force_code",
        ),
        (
            "court-decisions",
            {"kind": "discharge", "decided_on": ow.today().isoformat(), "court": "Southwark", "summary": "Discharged"},
            "defendant_consent",
        ),
        ("breaches", {"occurred_on": before, "summary": "x", "crime_reference": "20/1/26"}, "occurred_on"),
        ("reviews", {"reviewed_on": ow.today().isoformat(), "summary": ""}, "summary"),
    ]
    for path, body, field in cases:
        response = _post(w.oic, f"/api/v1/orders/{order.pk}/{path}", body)
        assert response.status_code == 422, (path, response.content)
        assert field in response.json()["errors"], (path, response.json())


def test_the_applicant_force_reads_but_does_not_change(w: World) -> None:
    order = ow.granted(w)
    response = _post(
        w.other_force_officer,
        f"/api/v1/orders/{order.pk}/reviews",
        {"reviewed_on": ow.today().isoformat(), "summary": "ok"},
    )
    assert response.status_code == 403

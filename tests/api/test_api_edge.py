"""Bad input at the API edge (issue 9 item 5): unknown body fields, absurd paging, error responses
declared in the OpenAPI document, component names unique across routers, out-of-range ids."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.factories import build_world

from lantern.config.api import api as lantern_api
from lantern.core.api_schemas import ERROR_STATUSES
from lantern.core.auth import issue_token
from lantern.core.models import User

REF = "#/components/schemas/{model}"


def _client(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


@pytest.mark.django_db
def test_an_unknown_body_field_is_422_naming_it() -> None:
    w = build_world()
    body = {"interval_days": 28, "channel": "phone", "language": "lv", "agreed_at": "2020-01-01T09:00:00Z"}
    response = _client(w.oic).post(
        f"/api/v1/cases/{w.case.pk}/contact-plans", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    payload = response.json()
    assert set(payload) == {"detail", "errors"}
    assert "agreed_at" in payload["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/cases/{case}/timeline", {"offset": -1}, "offset"),
        ("/api/v1/cases/{case}/timeline", {"limit": 0}, "limit"),
        ("/api/v1/cases/{case}/timeline", {"limit": 10**12}, "limit"),
        ("/api/v1/cases", {"offset": 10**30}, "offset"),
        ("/api/v1/cases", {"limit": -5}, "limit"),
        ("/api/v1/nrm-alerts", {"limit": 100000}, "limit"),
        ("/api/v1/orders", {"limit": -1}, "limit"),
    ],
)
def test_absurd_paging_is_422_naming_the_parameter(path: str, query: dict[str, Any], field: str) -> None:
    w = build_world()
    response = _client(w.oic).get(path.format(case=w.case.pk), query)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/cases/{big}", "/api/v1/decisions/{big}", "/api/v1/persons/{big}"])
def test_an_id_beyond_any_record_is_the_same_404(path: str) -> None:
    w = build_world()
    client = _client(w.oic)
    huge = client.get(path.format(big=10**30))
    missing = client.get(path.format(big=2_000_000_000))
    assert huge.status_code == 404
    assert huge.json()["detail"] == missing.json()["detail"]


@pytest.mark.django_db
def test_another_forces_decision_and_a_missing_one_give_the_same_answer() -> None:
    from tests.decisions import api_world as dec

    w = build_world()
    decision = dec.proposed(w)
    stranger = _client(w.other_force_officer)
    theirs = stranger.get(f"/api/v1/decisions/{decision.pk}")
    missing = stranger.get("/api/v1/decisions/2000000000")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()


def _operations() -> list[Any]:
    return [
        operation
        for bound in lantern_api._get_bound_routers()
        for path_view in bound.path_operations.values()
        for operation in path_view.operations
    ]


def test_component_names_are_unique_across_routers() -> None:
    """Ninja keeps one component per name, so two schemas sharing a name document one of them
    wrongly. Generate every operation's models and fail on a name with two different field sets."""
    seen: dict[str, tuple[frozenset[str], str]] = {}
    clashes: list[str] = []
    for operation in _operations():
        responses = [m for m in operation.response_models.values() if hasattr(m, "model_json_schema")]
        models = [*operation.models, *responses]
        for model in models:
            for mode in ("validation", "serialization"):
                defs = model.model_json_schema(ref_template=REF, mode=mode).get("$defs", {})
                for name, schema in defs.items():
                    fields = frozenset(schema.get("properties", {})) | frozenset(map(str, schema.get("enum", [])))
                    where = operation.view_func.__module__
                    if name in seen and seen[name][0] != fields:
                        clashes.append(f"{name}: {seen[name][1]} and {where}")
                    seen.setdefault(name, (fields, where))
    assert not clashes, "Schema names used by two different schemas:\n" + "\n".join(sorted(set(clashes)))


@pytest.mark.django_db
def test_every_operation_declares_its_error_responses() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) == {"detail", "errors"}
    missing = [
        f"{method.upper()} {path}: {status}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in ERROR_STATUSES
        if str(status) not in operation["responses"]
    ]
    assert not missing, "Operations without their error responses:\n" + "\n".join(missing)

"""Protected locations only through the encrypted path (issue 16, item 3): the database refuses a
protected people.Location that holds its address, the migration moves old ones into encrypted
protected details, a "protected" flag sent to any other page or endpoint is refused naming the
field, and no protected value is stored in plain text in any table, history tables included."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from tests.factories import build_world
from tests.migration_steps import migrate_back

from lantern.cases.models import CaseLocation
from lantern.core import crypto
from lantern.core.auth import issue_token
from lantern.core.models import User
from lantern.people.models import Location
from lantern.safeguarding.models import ProtectedDetail

SAFE_HOUSE = "12 Hidden Road, Leeds"
SAFE_POSTCODE = "LS1 1AA"


def tables_holding(value: str, registry: Any = django_apps) -> list[str]:
    """Every model (history tables included) with a text column that holds `value` in the clear;
    `registry` is the migration state's apps while the database is migrated back."""
    found = []
    for model in registry.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices:
                if model._default_manager.filter(**{f"{f.attname}__icontains": value}).exists():
                    found.append(f"{model._meta.label}.{f.attname}")
    return found


def api(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_database_refuses_a_protected_location_that_holds_its_address() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.create(kind="safe_house", description=SAFE_HOUSE, postcode=SAFE_POSTCODE, protected=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Location.objects.create(
            kind="safe_house", description=Location.ENCRYPTED_DESCRIPTION, postcode="LS1 1AA", protected=True
        )
    Location.objects.create(kind="safe_house", description=Location.ENCRYPTED_DESCRIPTION, protected=True)
    Location.objects.create(kind="premises", description="Car wash, 3 High Street, Leeds", postcode="LS3 3CC")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_plain_text_protected_locations_into_encrypted_details() -> None:
    w = build_world()
    before = [("safeguarding", "0001_safeguarding_records")]
    executor = migrate_back(connection, before)  # also unapplies people 0002 (the constraint), which depends on it
    old = executor.loader.project_state(before).apps
    old_location = old.get_model("people", "Location")
    loc = old_location.objects.create(
        kind="safe_house",
        description=SAFE_HOUSE,
        postcode=SAFE_POSTCODE,
        protected=True,
        protected_reason="Victim in a safe house",
        person_id=w.victim.pk,
    )
    by_party = old_location.objects.create(
        kind="refuge", description="4 Quiet Lane, Bradford", protected=True, person_id=w.victim.pk
    )
    plain = old_location.objects.create(kind="premises", description="Car wash, 3 High Street, Leeds")
    old.get_model("cases", "CaseLocation").objects.create(
        case_id=w.case.pk, location_id=loc.pk, relevance="Accommodation"
    )
    assert tables_holding(SAFE_HOUSE, old) == ["people.Location.description"]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = {d.label: d for d in ProtectedDetail.objects.filter(person=w.victim)}
    detail = moved[f"Safe house (moved from location {loc.pk})"]
    assert detail.case_id == w.case.pk
    assert detail.force_id == w.case.force_id
    assert detail.kind == "safe_house"
    assert crypto.decrypt(detail.value_token) == f"{SAFE_HOUSE}, {SAFE_POSTCODE}"
    assert detail.reason == "Victim in a safe house"
    assert crypto.decrypt(moved[f"Refuge (moved from location {by_party.pk})"].value_token) == "4 Quiet Lane, Bradford"
    for pk in (loc.pk, by_party.pk):
        assert Location.objects.filter(pk=pk, description=Location.ENCRYPTED_DESCRIPTION, postcode="").exists()
    assert Location.objects.get(pk=plain.pk).description == "Car wash, 3 High Street, Leeds", "unprotected kept"
    assert tables_holding(SAFE_HOUSE) == []
    assert tables_holding("Quiet Lane") == []
    assert tables_holding(SAFE_POSTCODE) == []


@pytest.mark.django_db
def test_no_protected_value_sent_through_the_service_is_stored_in_plain_text() -> None:
    w = build_world()
    created = post(
        api(w.oic),
        "/api/v1/protected-details",
        {
            "case_id": w.case.pk,
            "person_id": w.victim.pk,
            "kind": "safe_house",
            "label": "Current safe house",
            "value": "27 Larkspur Close, Wakefield WF1 2ZZ",
            "reason": "The victim's exploiters are looking for her",
        },
    )
    assert created.status_code == 201, created.content
    client = Client()
    client.force_login(w.oic)
    page = client.post(
        f"/cases/{w.case.pk}/victim-updates/contact-details/",
        {
            "victim": w.victim.pk,
            "email": "hidden.victim@example.org",
            "mobile": "07700 900555",
            "postal_address": "9 Sparrow Row, Hull HU1 9XX",
            "protected": "on",
            "protected_reason": "In hiding from the gang",
        },
    )
    assert page.status_code in (200, 302), page.content[:500]
    for value in ("Larkspur Close", "WF1 2ZZ", "hidden.victim@example.org", "900555", "Sparrow Row", "HU1 9XX"):
        assert tables_holding(value) == [], value


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/persons", {"given_names": "Ilze", "family_name": "Ozola", "protected": True}, "protected"),
        (
            "/api/v1/persons",
            {"given_names": "Ilze", "family_name": "Ozola", "locations": [{"address": SAFE_HOUSE, "protected": "yes"}]},
            "locations.0.protected",
        ),
        ("/api/v1/cases/{case}/parties", {"person_id": 1, "role": "victim", "is_protected": 1}, "is_protected"),
    ],
)
def test_a_plain_text_protected_value_is_refused_by_every_endpoint_naming_the_field(
    url: str, body: dict[str, Any], field: str
) -> None:
    w = build_world()
    response = post(api(w.oic), url.format(case=w.case.pk), body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert "protected detail" in errors[field][0]
    assert "plain text" in errors[field][0]
    assert tables_holding(SAFE_HOUSE) == []


@pytest.mark.django_db
def test_a_page_refuses_a_protected_flag_with_a_clear_message() -> None:
    w = build_world()
    client = Client()
    client.force_login(w.oic)
    response = client.post(f"/cases/{w.case.pk}/edit/", {"summary": SAFE_HOUSE, "protected": "on"})
    assert response.status_code == 400
    assert b"A protected value cannot be saved here" in response.content
    assert b"protected detail" in response.content
    assert tables_holding(SAFE_HOUSE) == []
    assert not CaseLocation.objects.exists()

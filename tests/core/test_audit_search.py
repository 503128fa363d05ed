"""The professional standards page: the force administrator searches the audit log by user,
record and date and exports it; each search and export is itself logged; nobody else may."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from tests.factories import build_world

from lantern.core import audit
from lantern.core.models import AuditEntry


@pytest.mark.django_db
def test_force_admin_searches_by_user_record_and_date_and_the_search_is_logged(client: Client) -> None:
    world = build_world()
    audit.record(world.colleague, audit.Action.CONSULTATION, world.case, detail="looked")
    client.force_login(world.force_admin)
    today = timezone.localdate().isoformat()
    response = client.get(
        "/administration/audit-log/",
        {"user": "colleague", "object_type": "cases.case", "object_id": str(world.case.pk), "from": today, "to": today},
    )
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count >= 1
    assert all(e.actor_label == "colleague" and e.object_id == str(world.case.pk) for e in page)
    logged = AuditEntry.objects.filter(actor=world.force_admin, object_type="core.auditentry").last()
    assert logged is not None
    assert "user=colleague" in logged.detail


@pytest.mark.django_db
def test_export_is_csv_and_logged_as_a_disclosure(client: Client) -> None:
    world = build_world()
    client.force_login(world.force_admin)
    response = client.get("/administration/audit-log/", {"user": "oic", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0].startswith("id,at,actor,action")
    assert AuditEntry.objects.filter(
        actor=world.force_admin, action="disclosure", detail__startswith="audit log export"
    ).exists()


@pytest.mark.django_db
def test_a_bad_date_is_refused_naming_the_field(client: Client) -> None:
    world = build_world()
    client.force_login(world.force_admin)
    response = client.get("/administration/audit-log/", {"from": "yesterday"})
    assert response.status_code == 400  # pages answer bad input with 400 (core.web.INVALID)
    assert "from" in response.context["errors"]


@pytest.mark.django_db
def test_only_the_force_administrator_may_search(client: Client) -> None:
    world = build_world()
    for user in (world.oic, world.supervisor, world.analyst):
        client.force_login(user)
        assert client.get("/administration/audit-log/", {"user": "oic"}).status_code == 403

"""The advocate's home, "Your clients": what each consent lets them see, sorted and filtered, on
the page and as GET /api/v1/me/clients; never evidence, suspects or other victims."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from tests import factories
from tests.factories import World, new_case, person
from tests.portal.conftest import give_update

from lantern.cases.models import AdvocateAssignment, CaseParty
from lantern.core.auth import issue_token
from lantern.portal import clients
from lantern.portal.models import UpdateRequest


def test_the_advocate_signs_in_to_their_clients(world: World) -> None:
    client = Client()
    factories.enrol(world.advocate)
    client.post(reverse("core:login"), {"username": "advocate", "password": "correct-horse-battery"})
    response = client.post(reverse("core:signin_code"), {"code": factories.totp_code(world.advocate)})
    assert response["Location"] == reverse("portal:clients")


def test_clients_api_shows_officer_last_told_and_next_due(world: World) -> None:
    w = world
    w.oic.phone = "0121 626 5000"
    w.oic.save()
    give_update(w)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.advocate)}")
    rows = api.get("/api/v1/me/clients").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["case_id"] == w.case.pk
    assert row["force"] == "West Midlands Police"
    assert row["officer"]["phone"] == "0121 626 5000"
    assert row["officer"]["email"] == w.oic.email
    assert row["last_told_at"].startswith("2026-12-07")
    assert row["next_due_on"] is not None
    assert "Volkov" not in str(rows)
    assert "car wash" not in str(rows)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(w.oic)}").get("/api/v1/me/clients").json() == []


def test_what_is_not_shared_is_not_shown(world: World) -> None:
    w = world
    AdvocateAssignment.objects.filter(advocate=w.advocate).update(share_officer=False, share_next_update=False)
    row = clients.client_rows(w.advocate, w.case.reported_at.date())[0]
    assert row.officer is None
    assert row.next_due_on is None
    assert not row.overdue
    web = Client()
    web.force_login(w.advocate)
    html = web.get(reverse("portal:clients")).content.decode()
    assert w.oic.email not in html
    assert "Not shared" in html


def test_sorted_and_filtered_and_overdue_flagged(world: World) -> None:
    w = world
    second = new_case(w.oic, "20/000200/26")
    client_b = person("Andrei", "Popescu")
    CaseParty.objects.create(case=second, person=client_b, role="victim")
    AdvocateAssignment.objects.create(
        person=client_b, advocate=w.advocate, organisation=w.advocate.organisation, consent_given_at=w.case.reported_at
    )
    from lantern.victims_code import services

    services.on_victim_added(second, client_b, w.oic)
    late = clients.client_rows(w.advocate, w.case.reported_at.date().replace(year=2027))
    assert all(r.overdue for r in late)
    by_name = clients.client_rows(w.advocate, w.case.reported_at.date(), sort="name")
    assert [r.client_name for r in by_name] == sorted(r.client_name for r in by_name)
    only = clients.client_rows(w.advocate, w.case.reported_at.date(), q="Popescu")
    assert [r.case_id for r in only] == [second.pk]
    web = Client()
    web.force_login(w.advocate)
    html = web.get(reverse("portal:clients"), {"sort": "name", "q": "200/26"}).content.decode()
    assert "Popescu" in html
    assert "Showing 1 of 2" in html


def test_the_client_page_has_the_request_button_and_no_survey_before_contact(world: World) -> None:
    web = Client()
    web.force_login(world.advocate)
    html = web.get(reverse("portal:client_case", args=[world.case.pk])).content.decode()
    assert "Request an update" in html
    assert "Answer five short questions" not in html
    assert "Volkov" not in html
    assert not UpdateRequest.objects.exists()

"""Case pages: the header shows every reference and the officer in charge, each view is an
audited consultation, another force's case is a 404, an advocate sees no suspect and no
internal timeline, and editing keeps the user's text when someone else saved first."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from tests.web.conftest import WebWorld

from lantern.cases import services
from lantern.cases.models import Case
from lantern.core.models import AuditEntry, User
from lantern.nrm import services as nrm_services


@pytest.mark.parametrize("name", ["cases:detail", "cases:people", "cases:timeline", "cases:ownership", "cases:edit"])
def test_every_case_page_records_a_consultation(web: WebWorld, client: Client, name: str) -> None:
    client.force_login(web.colleague)
    before = AuditEntry.objects.filter(actor=web.colleague, action="consultation", object_id=str(web.case.pk)).count()
    assert client.get(reverse(name, args=[web.case.pk])).status_code == 200
    after = AuditEntry.objects.filter(actor=web.colleague, action="consultation", object_id=str(web.case.pk)).count()
    assert after == before + 1


@pytest.mark.parametrize("name", ["cases:detail", "cases:people", "cases:timeline", "cases:ownership", "cases:edit"])
def test_a_case_of_another_force_is_not_found(web: WebWorld, client: Client, name: str) -> None:
    client.force_login(web.oic)
    response = client.get(reverse(name, args=[web.other_case.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "987654" not in response.content.decode()


def test_the_header_shows_every_reference_and_the_officer(web: WebWorld, client: Client) -> None:
    nrm_services.link_referral(web.spoc, web.referral, web.case)
    # Transfer the case to the MPS and back, so it has previous crime references.
    transfer = services.request_transfer(web.oic, web.case, web.met, "Moved")
    services.accept_transfer(
        web.other_force_officer if False else _met_supervisor(web), transfer, "01/555555/26", web.other_force_officer
    )
    case = Case.objects.get(pk=web.case.pk)
    client.force_login(web.other_force_officer)
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'Crime reference: <span class="app-reference">MPS 01/555555/26</span>' in body
    assert 'Previous crime reference: <span class="app-reference">WMP 20/000123/26</span>' in body
    assert 'NRM reference: <span class="app-reference">SCA NRM-2026-00042</span>' in body
    officer = web.other_force_officer
    assert escape(officer.display_name) in body
    assert officer.phone in body
    assert officer.email in body
    assert "Metropolitan Police Service" in body


def _met_supervisor(web: WebWorld) -> User:
    from tests import factories

    return factories.user("supervisor", web.met, rank="DI", team_obj=factories.team(web.met))


def test_advocate_sees_their_client_and_no_suspect(web: WebWorld, client: Client) -> None:
    client.force_login(web.advocate)
    for name in ("cases:detail", "cases:people"):
        response = client.get(reverse(name, args=[web.case.pk]))
        body = response.content.decode()
        assert response.status_code == 200
        assert escape(web.victim.display_name) in body
        assert "Volkov" not in body
        assert "Dmitri" not in body
        assert "Suspect" not in body
        # The reduced page: no internal summary, no timeline tab.
        assert "Labour exploitation at a car wash" not in body
        assert reverse("cases:timeline", args=[web.case.pk]) not in body
        assert web.oic.phone in body
    assert client.get(reverse("cases:timeline", args=[web.case.pk])).status_code == 403
    assert client.get(reverse("people:detail", args=[web.suspect.pk])).status_code == 404


def test_police_see_suspects_on_the_people_page(web: WebWorld, client: Client) -> None:
    client.force_login(web.colleague)
    body = client.get(reverse("cases:people", args=[web.case.pk])).content.decode()
    assert "Dmitri Volkov" in body
    assert "Suspect" in body
    assert "Илзе Берзиня" in body


def test_edit_saves_and_shows_on_the_timeline(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    url = reverse("cases:edit", args=[web.case.pk])
    response = client.post(url, {"summary": "New summary", "status": "investigating", "version": web.case.version})
    assert response.status_code == 302
    case = Case.objects.get(pk=web.case.pk)
    assert (case.summary, case.status) == ("New summary", "investigating")
    timeline = client.get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert "Status changed to Under investigation" in timeline


def test_concurrent_edit_conflict_keeps_the_users_text(web: WebWorld, client: Client) -> None:
    url = reverse("cases:edit", args=[web.case.pk])
    loaded_version = web.case.version
    # The colleague saves first.
    services.edit_case(
        web.colleague, web.case, expected_version=loaded_version, summary="Colleague's words", status="investigating"
    )
    client.force_login(web.oic)
    mine = "My careful account of the victim's interview, which must not be lost"
    response = client.post(url, {"summary": mine, "status": "with_cps", "version": loaded_version})
    body = response.content.decode()
    assert response.status_code == 409
    assert "govuk-error-summary" in body
    assert "Someone else changed this case" in body
    assert mine.replace("'", "&#x27;") in body  # my text is still in the form
    assert "Colleague&#x27;s words" in body  # and theirs is shown
    case = Case.objects.get(pk=web.case.pk)
    assert case.summary == "Colleague's words"
    # The form now carries the current version: saving again succeeds.
    assert f'name="version" value="{case.version}"' in body
    again = client.post(url, {"summary": mine, "status": "with_cps", "version": case.version})
    assert again.status_code == 302
    assert Case.objects.get(pk=web.case.pk).summary == mine


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"summary": "x", "status": "", "version": "1"}, "Select the status of the case"),
        ({"summary": "x", "status": "nonsense", "version": "1"}, "Select the status of the case"),
        ({"summary": "x", "status": "recorded", "version": "abc"}, "The form was incomplete"),
        ({"summary": "x" * 5001, "status": "recorded", "version": "1"}, "at most 5000 characters"),
    ],
)
def test_bad_edits_show_errors(web: WebWorld, client: Client, data: dict[str, str], message: str) -> None:
    client.force_login(web.oic)
    response = client.post(reverse("cases:edit", args=[web.case.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_record_a_crime(web: WebWorld, client: Client) -> None:
    client.force_login(web.colleague)
    response = client.post(
        reverse("cases:new"),
        {
            "crime_reference": "20/000777/26",
            "summary": "Nail bar",
            "exploitation_types": ["labour"],
            "reported_on_day": "",
            "reported_on_month": "",
            "reported_on_year": "",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(crime_reference="20/000777/26")
    assert case.officer_in_charge == web.colleague
    assert case.exploitation_types == ["labour"]
    page = client.get(response["Location"]).content.decode()
    assert "Crime recorded as WMP 20/000777/26" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"crime_reference": ""}, "Enter the crime reference"),
        ({"crime_reference": "no digits"}, "A reference must contain at least one digit."),
        ({"crime_reference": "20/000123/26"}, "West Midlands Police already has a case with crime reference"),
        (
            {
                "crime_reference": "20/1/26",
                "reported_on_day": "1",
                "reported_on_month": "13",
                "reported_on_year": "2026",
            },
            "Date reported must be a real date",
        ),
        ({"crime_reference": "20/1/26", "exploitation_types": ["bogus"]}, "Select a valid choice"),
    ],
)
def test_record_a_crime_with_bad_input(web: WebWorld, client: Client, data: dict[str, object], message: str) -> None:
    client.force_login(web.oic)
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()


def test_frontline_officer_records_a_crime_and_sees_it(web: WebWorld, client: Client) -> None:
    client.force_login(web.frontline)
    response = client.post(reverse("cases:new"), {"crime_reference": "20/000888/26"})
    assert response.status_code == 302
    case = Case.objects.get(crime_reference="20/000888/26")
    assert case.officer_in_charge == web.spoc  # the SPOC triages a frontline officer's crime
    page = client.get(response["Location"]).content.decode()
    assert escape(f"{web.spoc.display_name} is the officer in charge") in page
    assert "20/000888/26" in client.get(reverse("cases:my_cases")).content.decode()

"""The search page: references with or without the force code, names in any spelling or script,
the optional date of birth, NRM alerts with actions, and bad input shown as errors, never a 500."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from tests.web.conftest import WebWorld

from lantern.core.models import AuditEntry

SEARCH = "/search/"


def found_case(response: object, reference: str) -> bool:
    return f">WMP {reference}</a>" in response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ["WMP 20/000123/26", "20/000123/26", "wmp20000123-26", " 20 000123 26 "])
def test_finds_a_case_by_crime_reference_with_or_without_the_force_code(
    web: WebWorld, client: Client, query: str
) -> None:
    client.force_login(web.colleague)
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert found_case(response, "20/000123/26")
    body = response.content.decode()
    # Everything someone looking for the officer needs, on the result itself.
    oic = web.oic
    # As the page shows them: HTML-escaped (a generated name may be O'Neill).
    assert escape(oic.display_name) in body
    assert escape(oic.phone) in body
    assert escape(oic.email) in body
    assert oic.team is not None
    assert escape(oic.team.name) in body
    assert "West Midlands Police" in body


@pytest.mark.parametrize("query", ["Ilze Berzina", "berzina ilze", "Илзе Берзиня", "Ilze Bērziņa", "Ilze Berzna"])
def test_finds_a_case_by_name_without_diacritics_or_in_cyrillic(web: WebWorld, client: Client, query: str) -> None:
    client.force_login(web.oic)
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert found_case(response, "20/000123/26")


def test_date_of_birth_narrows_a_name_search(web: WebWorld, client: Client) -> None:
    web.victim.date_of_birth = date(1994, 3, 27)
    web.victim.save()
    client.force_login(web.oic)
    right = client.get(SEARCH, {"q": "Ilze Berzina", "dob_day": "27", "dob_month": "3", "dob_year": "1994"})
    wrong = client.get(SEARCH, {"q": "Ilze Berzina", "dob_day": "28", "dob_month": "3", "dob_year": "1994"})
    assert found_case(right, "20/000123/26")
    assert not found_case(wrong, "20/000123/26")
    assert "No case you can see matches" in wrong.content.decode()


def test_a_case_of_another_force_is_not_found(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    response = client.get(SEARCH, {"q": "01/987654/26"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "0 cases found" in body
    assert "No case you can see matches" in body
    assert reverse("cases:detail", args=[web.other_case.pk]) not in body
    assert "MPS 01/987654/26" not in body


def test_an_nrm_referral_without_a_crime_shows_as_an_alert_with_actions(web: WebWorld, client: Client) -> None:
    client.force_login(web.spoc)
    response = client.get(SEARCH, {"q": "Tesfay Gebremedhin"})
    body = response.content.decode()
    assert "NRM referrals with no crime recorded" in body
    assert "NRM-2026-00042" in body
    assert reverse("nrm:record_crime", args=[web.referral.pk]) in body
    assert reverse("nrm:link", args=[web.referral.pk]) in body
    assert "Over 24 hours" in body


def test_an_advocate_finds_the_officer_of_their_clients_case(web: WebWorld, client: Client) -> None:
    client.force_login(web.advocate)
    response = client.get(SEARCH, {"q": "Ilze Berzina"})
    assert found_case(response, "20/000123/26")
    assert web.oic.phone in response.content.decode()
    client.force_login(web.advocate_no_consent)
    assert not found_case(client.get(SEARCH, {"q": "Ilze Berzina"}), "20/000123/26")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Enter a crime, NRM or Duty to Notify reference, or a name."),
        ({"q": "x" * 121}, "A search is at most 120 characters"),
        ({"q": "Ilze", "dob_day": "31", "dob_month": "2", "dob_year": "1990"}, "Date of birth must be a real date"),
        ({"q": "Ilze", "dob_day": "1", "dob_month": "", "dob_year": "1990"}, "Date of birth must include a month"),
        ({"q": "Ilze", "dob_day": "a", "dob_month": "b", "dob_year": "c"}, "Date of birth must be a real date"),
        ({"q": "Ilze", "dob_day": "1", "dob_month": "1", "dob_year": "90"}, "Year must include 4 numbers"),
        (
            {"q": "Ilze", "dob_day": "1", "dob_month": "1", "dob_year": "2999"},
            "Date of birth must be today or in the past",
        ),
        ({"q": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_shows_an_error_summary_not_a_500(
    web: WebWorld, client: Client, params: dict[str, str], message: str
) -> None:
    client.force_login(web.oic)
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert message in body
    assert "<title>Error:" in body


def test_the_error_summary_links_to_the_field(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    body = client.get(SEARCH, {"q": "Ilze", "dob_day": "31", "dob_month": "2", "dob_year": "1990"}).content.decode()
    assert 'href="#dob-day"' in body
    assert 'id="dob-day"' in body
    body = client.get(SEARCH, {"q": ""}).content.decode()
    assert 'href="#q"' in body
    assert 'id="q"' in body


def test_a_search_is_recorded_in_the_audit_log(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    client.get(SEARCH, {"q": "20/000123/26"})
    entry = AuditEntry.objects.filter(actor=web.oic, object_type="search").last()
    assert entry is not None
    assert str(web.case.pk) in entry.detail


def test_the_old_search_address_keeps_the_query(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    response = client.get("/cases/search/", {"q": "Ilze"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=Ilze"

"""Sign in (with lockout), sign out, the dashboards, the person page and the error pages."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import reverse
from tests import factories
from tests.factories import PASSWORD
from tests.web.conftest import WebWorld

from lantern.core.models import AuditEntry, User


def test_sign_in_and_out(web: WebWorld, client: Client) -> None:
    page = client.get(reverse("core:login"))
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()
    factories.enrol(web.oic)
    response = client.post(reverse("core:login"), {"username": "oic", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:signin_code")
    assert client.get(reverse("cases:my_cases")).status_code == 302  # not signed in before the code
    response = client.post(reverse("core:signin_code"), {"code": factories.totp_code(web.oic)})
    assert response["Location"] == reverse("cases:my_cases")
    assert client.get(reverse("cases:my_cases")).status_code == 200
    out = client.post(reverse("core:logout"))
    assert out.status_code == 302
    assert client.get(reverse("cases:my_cases")).status_code == 302


def test_sign_in_goes_back_to_the_page_asked_for_but_not_off_site(web: WebWorld, client: Client) -> None:
    target = reverse("cases:detail", args=[web.case.pk])
    factories.enrol(web.oic)
    client.post(reverse("core:login"), {"username": "oic", "password": PASSWORD, "next": target})
    response = client.post(reverse("core:signin_code"), {"code": factories.totp_code(web.oic)})
    assert response["Location"] == target
    client.logout()
    client.post(reverse("core:login"), {"username": "oic", "password": PASSWORD, "next": "https://evil.example/"})
    response = client.post(reverse("core:signin_code"), {"code": factories.totp_code(web.oic)})
    assert response["Location"] == reverse("cases:my_cases")


def test_wrong_password_and_empty_fields_show_errors(web: WebWorld, client: Client) -> None:
    wrong = client.post(reverse("core:login"), {"username": "oic", "password": "nope"})
    assert wrong.status_code == 400
    assert "The username or password is not right." in wrong.content.decode()
    assert 'href="#username"' in wrong.content.decode()
    empty = client.post(reverse("core:login"), {"username": "", "password": ""})
    body = empty.content.decode()
    assert empty.status_code == 400
    assert "Enter your username" in body
    assert "Enter your password" in body


@override_settings(LANTERN_SIGNIN_FREE_FAILURES=3)
def test_repeated_failures_are_throttled_not_locked(web: WebWorld, client: Client) -> None:
    for _ in range(4):
        response = client.post(reverse("core:login"), {"username": "colleague", "password": "bad"})
    body = response.content.decode()
    assert "Too many failed sign-ins. Wait" in body
    assert "The account is not locked." in body
    # Even the right password waits from this address; the account itself is not locked.
    right = client.post(reverse("core:login"), {"username": "colleague", "password": PASSWORD})
    assert right.status_code == 400
    assert "Too many failed sign-ins" in right.content.decode()
    assert User.objects.get(username="colleague").locked_at is None
    assert not client.get(reverse("cases:my_cases")).status_code == 200
    # From another address the officer signs in.
    other = Client(REMOTE_ADDR="198.51.100.23")
    assert other.post(reverse("core:login"), {"username": "colleague", "password": PASSWORD}).status_code == 302


def test_navigation_shows_only_what_the_role_can_use(web: WebWorld, client: Client) -> None:
    expectations = {
        "supervisor": ({"My cases", "My team", "Search", "Force dashboard", "NRM alerts"}, {"National statistics"}),
        "frontline": ({"My cases", "Search"}, {"My team", "Force dashboard", "NRM alerts"}),
        "advocate": ({"Search"}, {"My cases", "Force dashboard", "NRM alerts"}),
        "analyst": ({"National dashboard"}, {"Search", "My cases", "Force dashboard"}),
        "force_admin": ({"Force users"}, {"Search", "My cases"}),
    }
    for persona, (shown, hidden) in expectations.items():
        client.force_login(getattr(web, persona))
        response = client.get(reverse("core:home"), follow=True)
        nav = response.content.decode().split('aria-label="Menu"')[1].split("</nav>")[0]
        for label in shown:
            assert label in nav, (persona, label)
        for label in hidden:
            assert label not in nav, (persona, label)
    # The search box is on every page of a user who can search, and not for those who cannot.
    client.force_login(web.oic)
    assert 'id="header-search"' in client.get(reverse("cases:my_cases")).content.decode()
    client.force_login(web.analyst)
    assert 'id="header-search"' not in client.get(reverse("oversight:national")).content.decode()


def test_page_basics(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    body = client.get(reverse("cases:detail", args=[web.case.pk])).content.decode()
    assert '<html lang="en-GB"' in body
    assert 'href="#main-content" class="govuk-skip-link"' in body
    assert 'id="main-content"' in body
    assert body.count("<h1") == 1
    assert "Synthetic data only" in body
    assert 'nonce="' in body
    assert '<script type="module"' in body


def test_force_dashboard(web: WebWorld, client: Client) -> None:
    client.force_login(web.supervisor)
    body = client.get(reverse("oversight:force")).content.decode()
    assert "NRM-2026-00042" in body  # unlinked for more than 24 hours
    assert "Open cases by status" in body


def test_national_page_shows_counts_only_with_small_numbers_suppressed(web: WebWorld, client: Client) -> None:
    client.force_login(web.analyst)
    body = client.get(reverse("oversight:national")).content.decode()
    assert "West Midlands Police" in body
    assert "[c]" in body
    assert "20/000123/26" not in body
    assert "Bērziņa" not in body
    assert client.get(reverse("cases:detail", args=[web.case.pk])).status_code == 404
    assert client.get(reverse("people:detail", args=[web.victim.pk])).status_code == 404


def test_person_page_shows_every_name_and_is_audited(web: WebWorld, client: Client) -> None:
    client.force_login(web.colleague)
    response = client.get(reverse("people:detail", args=[web.victim.pk]))
    body = response.content.decode()
    assert "Ilze Bērziņa" in body
    assert "Илзе Берзиня" in body
    assert "Original script" in body
    assert reverse("cases:detail", args=[web.case.pk]) in body
    assert AuditEntry.objects.filter(
        actor=web.colleague, action="consultation", object_type="people.person", object_id=str(web.victim.pk)
    ).exists()


def test_advocate_person_page_lists_no_case_where_the_client_is_not_a_victim(web: WebWorld, client: Client) -> None:
    client.force_login(web.advocate)
    assert client.get(reverse("people:detail", args=[web.victim.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[web.suspect.pk])).status_code == 404


def test_unknown_pages_and_ids_are_404_with_the_service_layout(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    for url in ("/cases/999999/", "/people/999999/", "/nrm/999999/", "/cases/handovers/999999/", "/nowhere/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()


def test_signout_requires_post(web: WebWorld, client: Client) -> None:
    client.force_login(web.oic)
    assert client.get(reverse("core:logout")).status_code == 405


def test_the_500_page_renders_without_a_request() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert 'lang="en-GB"' in html


def test_a_refusal_is_a_403_page_saying_why(web: WebWorld, client: Client) -> None:
    client.force_login(web.advocate)
    response = client.get(reverse("cases:timeline", args=[web.case.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "You cannot see this page" in body
    assert "The case timeline is for police and CPS users." in body


def test_long_lists_are_paged(web: WebWorld, client: Client) -> None:
    from tests.factories import new_case

    for i in range(30):
        new_case(web.oic, f"21/{i:06d}/26")
    client.force_login(web.oic)
    first = client.get(reverse("cases:my_cases")).content.decode()
    assert 'class="govuk-pagination"' in first
    assert 'aria-current="page">1</a>' in first
    second = client.get(reverse("cases:my_cases"), {"page": "2"})
    assert second.status_code == 200
    assert 'aria-current="page">2</a>' in second.content.decode()
    for bad in ("abc", "999", "-1"):
        assert client.get(reverse("cases:my_cases"), {"page": bad}).status_code == 200

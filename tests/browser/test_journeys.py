"""End-to-end journeys in Chromium, with axe on every page visited.

The officer in charge finds the case by the victim's name typed without diacritics, hands it over
to a colleague; the colleague accepts and the case header shows them as officer in charge. The
search page also works at 375px wide.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import pass_second_factor
from tests.factories import PASSWORD, build_world

Axe = Callable[..., list[dict[str, Any]]]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """A transactional test empties every table when it ends, including the rows that data
    migrations loaded (the Victims' Code versions that accepting a handover needs). Load them
    again if an earlier test in the session removed them."""
    import importlib

    from django.apps import apps

    from lantern.victims_code.models import CodeVersion

    if CodeVersion.objects.exists():
        return
    for name in ("0002_load_2020_code", "0003_decision_and_review_duties"):
        importlib.import_module(f"lantern.victims_code.migrations.{name}").load(apps, None)


def sign_in(page: Page, base: str, username: str, axe_check: Axe | None) -> None:
    page.goto(f"{base}/signin/")
    expect(page.locator("h1")).to_have_text("Sign in to Lantern")
    if axe_check is not None:
        axe_check(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign in to Lantern")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_hands_a_case_over_and_the_colleague_accepts(live_server: Any, page: Page, axe_check: Axe) -> None:
    world = build_world()
    base = live_server.url
    colleague = world.colleague.display_name

    sign_in(page, base, "oic", axe_check)
    expect(page.locator("h1")).to_have_text("My cases")
    axe_check(page)

    # The search box on every page; the name typed without diacritics.
    page.get_by_role("searchbox", name=re.compile("^Find a case")).fill("Ilze Berzina")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("h1")).to_have_text("Find a case")
    expect(page.get_by_role("heading", name=re.compile("1 case found"))).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="WMP 20/000123/26").click()
    expect(page.locator("h1")).to_contain_text("WMP 20/000123/26")
    axe_check(page)

    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="Ownership").click()
    expect(page.get_by_role("heading", name="Hand over the case")).to_be_visible()
    axe_check(page)

    # Sending the form empty shows the error summary, linked to the fields.
    page.get_by_role("button", name="Offer the handover").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the officer to hand the case to")
    axe_check(page)
    summary.get_by_role("link", name="Choose the officer to hand the case to").click()
    expect(page.locator("#handover-to_officer")).to_be_focused()

    officer = page.get_by_label("Officer to hand the case to")
    expect(officer.locator("option", has_text=colleague)).to_have_count(1)
    officer.select_option(value=str(world.colleague.pk))
    page.get_by_label("Why is the case being handed over?").fill("Going on leave for three weeks")
    page.get_by_role("button", name="Offer the handover").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Handover offered to {colleague}")
    expect(page.locator("#officer-in-charge")).to_contain_text(world.oic.display_name)
    axe_check(page)
    sign_out(page)

    sign_in(page, base, "colleague", axe_check)
    expect(page.get_by_role("heading", name="Handovers offered to you")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name=re.compile("Accept or decline")).click()
    expect(page.get_by_role("heading", name=f"Handover to {colleague}")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Accept the case").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("You are now the officer in charge")
    header = page.locator("#officer-in-charge")
    expect(header).to_contain_text(colleague)
    expect(header).to_contain_text(world.colleague.phone)
    expect(header).not_to_contain_text(world.oic.display_name)
    axe_check(page)

    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="Timeline").click()
    expect(page.locator(".moj-timeline")).to_contain_text(
        f"Officer in charge changed from {world.oic.display_name} to {colleague}"
    )
    axe_check(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_search_page_at_375_pixels_wide(live_server: Any, page: Page, axe_check: Axe) -> None:
    build_world()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, "advocate", axe_check)
    # An advocate's home is "Your clients" (lantern.portal); the search is one link away.
    expect(page.locator("h1")).to_have_text("Your clients")
    page.goto(f"{live_server.url}/search/")
    expect(page.locator("h1")).to_have_text("Find a case")
    # The service navigation collapses behind a menu button (JavaScript enhancement).
    expect(page.get_by_role("button", name="Menu")).to_be_visible()
    axe_check(page)

    page.locator("main").get_by_label("Reference or name").fill("Илзе Берзиня")
    page.locator("main").get_by_role("button", name="Search").click()
    result = page.locator(".app-search-result")
    expect(result).to_contain_text("WMP 20/000123/26")
    axe_check(page)
    # Nothing wider than the screen: no sideways scrolling of the page.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375

    # A bad date of birth: an error summary, not a broken page.
    page.get_by_text("Narrow by date of birth").click()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("1990")
    page.locator("main").get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date of birth must be a real date")
    axe_check(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
@pytest.mark.browser_context_args(java_script_enabled=False)
@pytest.mark.django_db(transaction=True)
def test_pages_work_without_javascript(live_server: Any, page: Page) -> None:
    """The same forms with JavaScript turned off. (axe needs JavaScript; it runs on these pages in
    the tests above.)"""
    build_world()
    sign_in(page, live_server.url, "oic", None)
    # Without JavaScript the navigation is a plain list of links, with no menu button.
    expect(page.get_by_role("link", name="Force dashboard")).to_be_visible()
    page.get_by_role("searchbox", name=re.compile("^Find a case")).fill("20/000123/26")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="WMP 20/000123/26").click()
    page.get_by_role("link", name="Change summary").click()
    page.get_by_label("Summary").fill("Edited without JavaScript")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case details saved")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Edited without JavaScript")

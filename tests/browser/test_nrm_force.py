"""Issue 12 items 1 and 4 in Chromium, with axe-core on every page and screenshots at 1280 and
375 px (var/shots/): a SPOC records an NRM referral for a new person and passes it to another
force, whose SPOC accepts it; a force administrator adds a user and deactivates them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from tests import factories
from tests.browser.test_journeys import sign_in, sign_out
from tests.factories import build_world

from lantern.core.models import Rank, Role, User
from lantern.nrm.models import NrmReferral, ReferralPassing

Axe = Callable[..., Any]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def _shots(page: Page, name: str, axe_check: Axe) -> None:
    """Check and photograph the page at desktop and phone widths."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        axe_check(page)
        page.screenshot(path=str(SHOTS / f"{name}_{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_referral_is_recorded_passed_and_accepted(live_server: Any, page: Page, axe_check: Axe) -> None:
    w = build_world()
    factories.user(Role.SPOC, w.met, rank=Rank.DS, username="metspoc")
    base = live_server.url

    sign_in(page, base, "spoc", None)
    page.goto(base + reverse("nrm:alerts"))
    page.get_by_role("button", name="Record an NRM referral").click()
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the NRM reference")
    _shots(page, "nrm_record_error", axe_check)
    page.get_by_label("NRM reference").fill("NRM-2026-08001")
    page.get_by_label("First responder organisation").fill("Salvation Army")
    page.locator("#referred_on-day").fill("2")
    page.locator("#referred_on-month").fill("1")
    page.locator("#referred_on-year").fill("2026")
    page.get_by_label("Given names").fill("Ilona")
    page.get_by_label("Family name").fill("Kowalska")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator("h1")).to_have_text("NRM-2026-08001")
    axe_check(page)

    page.get_by_role("button", name="Pass to another force").click()
    page.get_by_role("button", name="Pass the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the force")
    page.get_by_label("Force to pass the referral to").select_option(label="West Midlands Police")
    page.get_by_label("Why is the referral going to that force?").fill("Ours already")
    page.get_by_role("button", name="Pass the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already holds this referral")
    _shots(page, "nrm_pass_error", axe_check)
    page.get_by_label("Force to pass the referral to").select_option(label="Metropolitan Police Service")
    page.get_by_label("Why is the referral going to that force?").fill("The exploitation happened in Croydon.")
    page.get_by_role("button", name="Pass the referral").click()
    expect(page.locator("main")).to_contain_text("Passed to Metropolitan Police Service")
    _shots(page, "nrm_passed", axe_check)
    sign_out(page)

    sign_in(page, base, "metspoc", None)
    page.goto(base + reverse("nrm:alerts"))
    _shots(page, "nrm_alerts_offered", axe_check)
    page.get_by_role("link", name="NRM-2026-08001").click()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose whether to accept or return")
    _shots(page, "nrm_decide_error", axe_check)
    page.get_by_label("Yes, accept it").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("now held by Metropolitan Police Service")
    expect(page.locator("main")).to_contain_text("West Midlands Police to Metropolitan Police Service")
    _shots(page, "nrm_accepted", axe_check)

    referral = NrmReferral.objects.get(reference="NRM-2026-08001")
    assert referral.force == w.met
    assert referral.passings.get().state == ReferralPassing.State.ACCEPTED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_administrator_adds_and_deactivates_a_user(live_server: Any, page: Page, axe_check: Axe) -> None:
    build_world()
    base = live_server.url
    sign_in(page, base, "forceadmin", None)
    expect(page.locator("h1")).to_have_text("Users of your force")
    page.get_by_role("button", name="Add a user").click()
    page.get_by_role("button", name="Add the user").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a first name")
    _shots(page, "admin_add_error", axe_check)
    page.get_by_label("First name").fill("Amira")
    page.get_by_label("Last name").fill("Haddad")
    page.get_by_label("Username").fill("dc4821")
    page.get_by_label("Email address").fill("amira.haddad@example.police.uk")
    page.get_by_label("Investigator", exact=True).check()
    page.get_by_label("Rank").select_option(label="Detective Constable")
    page.get_by_role("button", name="Add the user").click()
    expect(page.locator("h1")).to_have_text("User added")
    _shots(page, "admin_user_added", axe_check)

    page.get_by_role("link", name="Go to Amira Haddad's page").click()
    expect(page.locator("h1")).to_have_text("DC Amira Haddad")
    _shots(page, "admin_user_page", axe_check)
    page.get_by_role("button", name="Deactivate the account").click()
    page.locator("main").get_by_role("button", name="Deactivate the account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    page.get_by_label("Why is the account being deactivated?").fill("Posted to another force")
    page.locator("main").get_by_role("button", name="Deactivate the account").click()
    expect(page.locator("main")).to_contain_text("Deactivated")
    _shots(page, "admin_user_deactivated", axe_check)
    assert not User.objects.get(username="dc4821").is_active

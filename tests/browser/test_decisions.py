"""The closure journey in Chromium, with axe on every page: the officer in charge sees what is
missing, records the victim's account and the credibility reasoning, proposes the decision; a
supervisor signs it off; the officer makes the letter, closes the case and records that the letter
was read to the victim by an interpreter; the decision's page shows the whole history.

Set LANTERN_SCREENSHOT_DIR to keep a screenshot of each page (the review of how the pages look).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.conftest import pass_second_factor
from tests.factories import PASSWORD, build_world

from lantern.decisions import rules, services
from lantern.victims_code import services as victims_code

Axe = Callable[..., list[dict[str, Any]]]
SHOTS = os.environ.get("LANTERN_SCREENSHOT_DIR", "")


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """A transactional test empties every table when it ends, data-migration rows included: load
    the Victims' Code deadlines and the outcome codes again if an earlier test removed them."""
    import importlib

    from django.apps import apps

    from lantern.decisions.models import OutcomeCode
    from lantern.victims_code.models import CodeVersion

    if not CodeVersion.objects.exists():
        for name in ("0002_load_2020_code", "0003_decision_and_review_duties"):
            importlib.import_module(f"lantern.victims_code.migrations.{name}").load(apps, None)
    if not OutcomeCode.objects.exists():
        importlib.import_module("lantern.decisions.migrations.0002_load_outcome_codes").load(apps, None)


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"decisions-{name}.png"), full_page=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/signin/")
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
def test_closing_a_case_through_the_gate(live_server: Any, page: Page, axe_check: Axe) -> None:
    world = build_world()
    victims_code.on_victim_added(world.case, world.victim, world.oic)
    for item in rules.ENQUIRY_ITEMS:  # the enquiries were made and answered over the investigation
        answer = rules.NOT_APPLICABLE if item.code in rules.DONE_BY_RECORD else rules.DONE
        services.answer_enquiry(world.oic, world.case, item.code, answer, "Done and logged in the investigation")
    base = live_server.url
    case_url = f"{base}/cases/{world.case.pk}/decisions/"

    sign_in(page, base, "oic")
    page.goto(f"{base}/cases/{world.case.pk}/")
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="Decisions").click()
    expect(page.get_by_role("heading", name="Still missing before this case can be closed")).to_be_visible()
    missing = page.get_by_test_id("gate-missing")
    expect(missing).to_contain_text("Take Ilze Bērziņa's account, or record why it was not taken.")
    expect(missing).to_contain_text("Say whether a judgment about Ilze Bērziņa's credibility affected the decision.")
    axe_check(page)
    shot(page, "01-gate")

    # The victim's account: sent empty, the error is on the field; then recorded.
    page.get_by_role("link", name="Ilze Bērziņa's account").click()
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say whether the account was taken")
    axe_check(page)
    page.get_by_role("group", name="Was the victim's account taken?").get_by_label("Yes").check()
    taken = timezone.localdate() - dt.timedelta(days=2)
    when = page.get_by_role("group", name="Date the account was taken")
    when.get_by_label("Day").fill(str(taken.day))
    when.get_by_label("Month").fill(str(taken.month))
    when.get_by_label("Year").fill(str(taken.year))
    page.get_by_label("Achieving Best Evidence (video) interview").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("gate-missing")).not_to_contain_text("Take Ilze Bērziņa's account")

    # Credibility was a factor: how trauma was considered is required.
    page.get_by_role("link", name="Credibility and trauma: Ilze Bērziņa").click()
    page.get_by_role("group", name=re.compile("credibility affect the decision")).get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("effects of trauma")
    axe_check(page)
    page.get_by_label("Inconsistent accounts or changes in detail").check()
    page.get_by_label("Fear of the exploiters, of the police or of immigration action").check()
    page.get_by_label("How were they considered before judging credibility?").fill(
        "Her dates changed between the first account and the ABE interview; that is expected after months of "
        "coercion. We looked for corroboration instead of discounting her account."
    )
    page.get_by_role("button", name="Save").click()
    shot(page, "02-gate-evidence-done")

    page.get_by_role("link", name="Propose the decision").click()
    axe_check(page)
    shot(page, "03-propose")
    page.get_by_label("Outcome, line 1").select_option("18")
    page.get_by_label("Why (this goes to the victim in writing)").fill(
        "We searched for the men you described at the car wash and through other forces, but we could not "
        "find out who they are."
    )
    page.get_by_label("What would make the case reopen").fill("A name, a phone number or a vehicle.")
    page.get_by_role("button", name="Propose the decision").click()
    expect(page.get_by_role("heading", name=re.compile("Close the case"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("A supervisor who is not the officer in charge must sign")
    axe_check(page)
    sign_out(page)

    sign_in(page, base, "supervisor")
    page.goto(case_url)
    page.get_by_role("link", name="The decision, sign-off and letters").click()
    page.get_by_role("link", name=re.compile("sign-off checklist")).click()
    axe_check(page)
    # "Sign off and close" signs off, makes the letter and closes the case in one step.
    page.get_by_role("button", name="Sign off and close").click()
    expect(page.locator(".app-case-header")).to_contain_text("Closed")
    expect(page.get_by_role("link", name=re.compile("Written reasons for the decision"))).to_be_visible()
    axe_check(page)
    shot(page, "04-signed-off-and-closed")
    sign_out(page)

    sign_in(page, base, "oic")
    page.goto(case_url)
    page.get_by_role("link", name=re.compile("decision of")).first.click()

    page.get_by_role("link", name=re.compile("Record the delivery")).click()
    axe_check(page)
    page.get_by_label("Read to them by an interpreter").check()
    page.get_by_role("button", name="Record the delivery").click()
    expect(page.get_by_test_id("letter-delivery")).to_contain_text("Delivered")
    history = page.get_by_test_id("history")
    for step in (
        "Ilze Bērziņa's account taken",
        "effects of trauma considered",
        "Signed off",
        "Case closed",
        "received the letter (read to them by an interpreter)",
    ):
        expect(history).to_contain_text(step)
    axe_check(page)
    shot(page, "05-history")

    # At 375px the Decisions tab still works; the advocate sees that their client was told.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(case_url)
    expect(page.get_by_test_id("closed")).to_contain_text("This case is closed")
    axe_check(page)
    shot(page, "06-closed-375")
    sign_out(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, base, "advocate")
    page.goto(case_url)
    expect(page.get_by_test_id("told")).not_to_contain_text("Not yet")
    expect(page.get_by_role("button", name="Ask for the reasons in writing")).to_be_visible()
    axe_check(page)
    shot(page, "07-advocate")

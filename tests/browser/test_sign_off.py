"""A supervisor takes a closing decision through the sign-off checklist to a closed case with its
letter (issue 10 item 2), in Chromium with axe on every page, at 375 px and at desktop width.

While the victim's account and the credibility reasoning are missing the checklist shows each item
with its state and says "You can sign off once..." without asking the question; once the officer
has recorded them, "Sign off and close" signs off, makes the letter and closes the case.

Set LANTERN_SCREENSHOT_DIR to keep a screenshot of each page."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.test_decisions import _reference_data, sign_in  # noqa: F401 - the fixture is used by name
from tests.factories import build_world

from lantern.decisions import rules, services
from lantern.victims_code import services as victims_code

Axe = Callable[..., list[dict[str, Any]]]
SHOTS = os.environ.get("LANTERN_SCREENSHOT_DIR", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"sign-off-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_supervisor_signs_off_from_the_checklist_to_a_closed_case_with_its_letter(
    live_server: Any, page: Page, axe_check: Axe
) -> None:
    world = build_world()
    victims_code.on_victim_added(world.case, world.victim, world.oic)
    for item in rules.ENQUIRY_ITEMS:
        answer = rules.NOT_APPLICABLE if item.code in rules.DONE_BY_RECORD else rules.DONE
        services.answer_enquiry(world.oic, world.case, item.code, answer, "Done and logged in the investigation")
    today = timezone.localdate()
    decision = services.propose(
        world.oic,
        world.case,
        services.DecisionIn(
            "close",
            (rules.LineIn("18"),),
            today,
            "We could not find out who the men at the car wash are.",
            reopen_if="A name, a phone number or a vehicle.",
        ),
    )
    # "Sign off and close" renders the letter's PDF in the request: allow a slow shared machine.
    page.set_default_timeout(120_000)
    expect.set_options(timeout=120_000)
    base = live_server.url
    sign_off_url = f"{base}/decisions/{decision.pk}/sign-off/"

    # At 375 px: the checklist, what is missing, and no question yet.
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, base, "supervisor")
    page.goto(sign_off_url)
    tasks = page.get_by_test_id("sign-off-tasks")
    expect(tasks.get_by_test_id("task-enquiries")).to_contain_text("Completed")
    expect(tasks.get_by_test_id("task-account")).to_contain_text("Incomplete")
    once = page.get_by_test_id("sign-off-once")
    expect(once).to_contain_text("You can sign off once")
    expect(once).to_contain_text("Take Ilze Bērziņa's account")
    expect(once).to_contain_text("credibility")
    expect(page.get_by_role("button", name="Sign off and close")).to_have_count(0)
    expect(page.get_by_role("link", name="Outcome 18")).to_be_visible()
    axe_check(page)
    shot(page, "01-missing-375")

    # The officer records the account and the credibility reasoning (no page request in flight).
    page.goto("about:blank")
    services.record_account(world.oic, world.case, services.NewAccount(world.victim, True, today, "abe_interview"))
    services.record_credibility(world.oic, world.case, world.victim, False, [], "")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(sign_off_url)
    expect(page.get_by_test_id("sign-off-once")).to_have_count(0)
    expect(page.get_by_test_id("task-account")).to_contain_text("Completed")
    expect(page.get_by_role("button", name="Return to the officer with reasons")).to_be_visible()
    axe_check(page)
    shot(page, "02-ready-desktop")
    page.get_by_role("button", name="Sign off and close").click()

    expect(page.locator(".app-case-header")).to_contain_text("Closed")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Signed off and the case is closed")
    letter = page.get_by_role("link", name=re.compile("Written reasons for the decision"))
    expect(letter).to_be_visible()
    expect(page.get_by_test_id("history")).to_contain_text("Case closed")
    axe_check(page)
    shot(page, "03-closed-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    axe_check(page)
    shot(page, "04-closed-375")
    pdf = page.request.get(base + (letter.get_attribute("href") or ""))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"

"""The triage queue in Chromium on generated demo data, at desktop and phone widths, with axe on
every page: the SPOC signs in and lands on the queue, then assesses and allocates every item from it
(an NRM referral's crime recorded as it is allocated; an unqualified officer refused without a
reason, then accepted with one). Set LANTERN_SCREENSHOT_DIR to keep screenshots."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from tests.browser.conftest import pass_second_factor

from lantern.core.models import Force
from lantern.demo.staff import DEMO_PASSWORD
from lantern.triage import queue
from lantern.triage.models import Allocation, TriageItem

Axe = Callable[..., list[dict[str, Any]]]
SHOTS = os.environ.get("LANTERN_SCREENSHOT_DIR", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"triage-{name}.png"), full_page=True)


def _assess(page: Page, item_pk: int) -> None:
    page.get_by_role("link", name=f"Assess item {item_pk}").click()
    page.get_by_role("group", name="Risk to the victim").get_by_label("High").check()
    page.get_by_role("group", name="Risk to others (other victims, children, the public)").get_by_label("Low").check()
    page.get_by_label("Suspected").check()
    page.get_by_role("group", name="Has the victim been safeguarded?").get_by_label("Yes").check()
    page.get_by_label("Investigative opportunities").fill("Phone seized; car wash premises; bank accounts")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_role("heading", name="Allocate the officer in charge")).to_be_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_spoc_triages_every_item_from_the_queue(live_server: Any, browser: Any, axe_check: Axe, width: int) -> None:
    out = io.StringIO()
    call_command("generate", "--scale", "tiny", "--seed", "1", "--no-progress", stdout=out)
    call_command("synthetic_triage", "--seed", "1", stdout=out)
    wmp = Force.objects.get(code="WMP")
    items = list(queue.open_items(wmp.pk).order_by("due_on", "entered_at", "pk"))
    assert any(i.source == TriageItem.Source.NRM_REFERRAL for i in items)
    assert len(items) >= 4

    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/signin/")
    page.get_by_label("Username").fill("spoc")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "spoc")
    expect(page.get_by_role("heading", name="Triage queue")).to_be_visible()  # the SPOC's home
    axe_check(page)
    shot(page, f"queue-{width}")

    for n, item in enumerate(items):
        page.goto(f"{base}/triage/")
        _assess(page, item.pk)
        if n == 0:
            axe_check(page)
            shot(page, f"allocate-{width}")
            # An officer without the required skills, and no reason: refused, nothing written.
            page.get_by_label("DC Priya Sandhu (not qualified)").check()
            if item.source == TriageItem.Source.NRM_REFERRAL:
                page.get_by_label("Crime reference").fill(f"20/9{width}{n:02d}/26")
            page.get_by_role("button", name="Allocate").click()
            expect(page.locator(".govuk-error-summary")).to_contain_text("give the reason")
            assert not Allocation.objects.exists()
            axe_check(page)
            shot(page, f"allocate-error-{width}")
            page.get_by_label("Reason, if the officer does not hold every required skill").fill(
                "Speaks the victim's language; course booked"
            )
        else:
            page.get_by_label("DC Tom Hughes").check()
        if item.source == TriageItem.Source.NRM_REFERRAL or (n == 0 and item.case_id is None):
            page.get_by_label("Crime reference").fill(f"20/9{width}{n:02d}/26")
        page.get_by_role("button", name="Allocate").click()
        expect(page.get_by_role("heading", name="Triage queue")).to_be_visible()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is now the officer in charge")

    expect(page.get_by_text("Nothing is waiting for triage.")).to_be_visible()
    axe_check(page)
    shot(page, f"queue-done-{width}")
    assert Allocation.objects.count() == len(items)
    assert Allocation.objects.filter(qualified=False).count() == 1
    context.close()

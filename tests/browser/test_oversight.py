"""The force and national dashboards in Chromium at 375 px and at desktop width, on generated data,
with axe-core on each; screenshots go to $LANTERN_SCREENSHOTS (when set) to be looked at."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import pass_second_factor
from tests.factories import PASSWORD, force, user
from tests.oversight.conftest import generate

from lantern.core.models import Rank, Role


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("LANTERN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_dashboards(live_server: Any, browser: Any, axe_check: Callable[..., Any], width: int) -> None:
    generate()
    user(Role.ANALYST, None, username="ov-analyst")
    user(Role.SUPERVISOR, force("WMP"), rank=Rank.DI, username="ov-supervisor")
    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    _sign_in(page, base, "ov-analyst")
    page.goto(f"{base}/oversight/national/?period=2026-Q3")
    # Small generated data: most national figures are withheld, and then a sentence replaces the chart.
    expect(page.locator("#figure-crimes_recorded .app-chart").first).to_be_visible()
    expect(page.locator("#figure-crimes_recorded table").first).to_contain_text("Jul 2026")
    expect(page.locator("#figure-nrm_referrals svg[role=img]").first).to_be_visible()
    axe_check(page)
    _shot(page, f"national-{width}")
    # The other sections are one link away, keeping the period.
    sections = page.get_by_role("navigation", name="Sections of the dashboard")
    sections.get_by_role("link", name="Keeping victims informed").click()
    expect(sections.locator("[aria-current=page]")).to_have_text("Keeping victims informed")
    expect(page.locator("#figure-vc_on_time")).to_contain_text("Calculated at")
    expect(page.locator("#filter-period")).to_have_value("2026-Q3")
    axe_check(page)
    _shot(page, f"national-victims-code-{width}")
    page.goto(f"{base}/oversight/national/?period=2031-Q1")
    expect(page.locator(".govuk-error-summary")).to_contain_text("has not started yet")
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, base, "ov-supervisor")
    page.goto(f"{base}/oversight/force/?period=2026-Q3")
    expect(page.locator("#measures")).to_be_visible()
    # The measures orders and portal register, and portal's panel of the cases chased most.
    expect(page.locator("#figure-orders_in_force")).to_be_visible()
    expect(page.locator("#figure-update_requests")).to_be_visible()
    expect(page.locator("#chased-most")).to_be_visible()
    axe_check(page)
    _shot(page, f"force-{width}")
    page.locator("#figure-crimes_recorded .app-figure__headline a").click()
    expect(page.locator("h1")).to_contain_text("Modern slavery crimes recorded: the cases")
    axe_check(page)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()

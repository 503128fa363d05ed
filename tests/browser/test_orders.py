"""Orders in Chromium, with axe on every page: the register, an order made by another force and
managed here, a refused notification (error summary), the case and person pages' order panels,
and the force dashboard. Set LANTERN_SCREENSHOT_DIR to keep screenshots."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import pass_second_factor
from tests.factories import PASSWORD, build_world
from tests.orders import world as ow

from lantern.orders import services

Axe = Callable[..., list[dict[str, Any]]]
SHOTS = os.environ.get("LANTERN_SCREENSHOT_DIR", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"orders-{name}.png"), full_page=True)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_register_and_order_pages(page: Page, live_server: Any, axe_check: Axe) -> None:
    w = build_world()
    order = ow.granted(w)
    services.add_prohibition(
        w.oic,
        order,
        kind="prohibition",
        text="Not to act as a gangmaster",
        ends_on=ow.today() + dt.timedelta(days=3 * 365),
    )
    base = live_server.url
    sign_in(page, base, "oic")

    page.get_by_role("link", name="Orders").first.click()
    expect(page.get_by_role("heading", name="Prevention and risk orders")).to_be_visible()
    expect(page.get_by_role("link", name=f"STPO {order.pk}")).to_be_visible()
    axe_check(page)
    shot(page, "register")

    page.get_by_role("link", name=f"STPO {order.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"STPO {order.pk}")
    expect(page.get_by_text("Metropolitan Police Service", exact=False).first).to_be_visible()
    expect(page.get_by_text("Overdue").first).to_be_visible()  # the first notification was never made
    axe_check(page)
    shot(page, "order")

    page.get_by_role("link", name="Record a notification").click()
    page.get_by_label("First notification after the order was served").check()
    page.get_by_label("Name or names given").fill("Dmitri Volkov")
    page.get_by_label("Home address given").fill("1 High Street, Wolverhampton")
    page.get_by_label("Police force area of the address").select_option(label="West Midlands Police")
    before = ow.made_on(order) - dt.timedelta(days=1)
    page.locator("#notified_on-day").fill(str(before.day))
    page.locator("#notified_on-month").fill(str(before.month))
    page.locator("#notified_on-year").fill(str(before.year))
    page.get_by_role("button", name="Record the notification").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be dated before the order")
    axe_check(page)
    shot(page, "notification-error")

    page.goto(f"{base}/oversight/force/")
    expect(page.get_by_role("heading", name="Prevention and risk orders")).to_be_visible()
    axe_check(page)
    page.goto(f"{base}/people/{w.suspect.pk}/")
    expect(page.get_by_role("link", name=f"STPO {order.pk}")).to_be_visible()
    axe_check(page)

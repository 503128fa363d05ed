"""The portal in Chromium, axe on every page: the advocate signs in to "Your clients" and asks for
an update; the victim opens their page from a link and a passcode in Welsh, English and Arabic
(right to left) at 320 px wide, with no serious or critical axe finding, and the page weight is
measured (every byte the browser fetched). Works without JavaScript.

Set LANTERN_SCREENSHOT_DIR to keep a screenshot of each page."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect
from tests.browser.test_journeys import sign_in
from tests.factories import build_world

from lantern.portal import invitations
from lantern.victims_code import services

Axe = Callable[..., list[dict[str, Any]]]
SHOTS = os.environ.get("LANTERN_SCREENSHOT_DIR", "")


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """A transactional test empties every table when it ends, data-migration rows included: load
    the Victims' Code deadlines again (with the update-request row) if an earlier test removed them."""
    import importlib

    from django.apps import apps

    from lantern.victims_code.models import CodeVersion, DeadlineRule

    if not CodeVersion.objects.exists():
        for name in ("0002_load_2020_code", "0003_decision_and_review_duties"):
            importlib.import_module(f"lantern.victims_code.migrations.{name}").load(apps, None)
    if not DeadlineRule.objects.filter(duty_kind="update_requested").exists():
        importlib.import_module("lantern.victims_code.migrations.0006_update_requests").load(apps, None)


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"portal-{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_advocate_home_and_request_an_update(live_server: Any, page: Page, axe_check: Axe) -> None:
    world = build_world()
    services.on_victim_added(world.case, world.victim, world.oic)
    base = live_server.url
    sign_in(page, base, "advocate", axe_check)
    expect(page.locator("h1")).to_have_text("Your clients")
    expect(page.get_by_role("link", name="Your clients")).to_have_attribute("aria-current", "page")
    expect(page.locator("table")).to_contain_text(world.oic.email)
    axe_check(page)
    _shot(page, "advocate-home")
    page.get_by_role("link", name="Ilze Bērziņa").click()
    axe_check(page)
    page.get_by_label("Message for the officer (optional)").fill("She has heard nothing for a month.")
    page.get_by_role("button", name="Request an update").click()
    expect(page.get_by_text("Update requested.")).to_be_visible()
    axe_check(page)
    _shot(page, "advocate-client")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["cy", "en", "ar"])
def test_victim_opens_their_page_at_320px(live_server: Any, browser: Browser, axe_check: Axe, lang: str) -> None:
    cache.clear()
    world = build_world()
    services.on_victim_added(world.case, world.victim, world.oic)
    issued = invitations.issue(world.oic, world.case, world.victim, lang)
    # JavaScript stays on only so that axe can run: the victim's pages have no script at all.
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    fetched: list[Any] = []
    page.on("requestfinished", lambda request: fetched.append(request))  # sizes read after the load
    page.goto(f"{live_server.url}{issued.path}")
    page.wait_for_load_state("load")
    cold = list(fetched)  # a first visit: nothing cached yet (the stylesheets and fonts are fetched)
    axe_check(page)
    _shot(page, f"victim-start-{lang}")
    page.locator("#passcode").fill(issued.passcode)
    page.locator("form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.locator(".govuk-exit-this-page__button")).to_be_visible()
    assert page.locator("script").count() == 0
    fetched.clear()
    page.reload()
    page.wait_for_load_state("load")

    def size(request: Any) -> int:
        sizes = request.sizes()
        return int(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    assets = sum(size(r) for r in cold if r.resource_type != "document")
    html = sum(size(r) for r in fetched if r.resource_type == "document")
    weight = assets + html  # the status page on a first visit: its HTML and every asset it needs
    # No horizontal scrolling at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe_check(page)
    _shot(page, f"victim-page-{lang}")
    print(
        f"victim page weight ({lang}): {weight / 1024:.1f} KB"
        f" (HTML {html / 1024:.1f} KB, assets {assets / 1024:.1f} KB)"
    )
    assert weight < 250 * 1024
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_advocate_records_and_withdraws_a_clients_consent(live_server: Any, page: Page, axe_check: Axe) -> None:
    """The organisation's consent page: a refused consent (no organisation) shows the error
    summary; a recorded one shows the client on "Your clients" at once; a withdrawal hides them at
    once. axe-clean at 1280 px and at 320 px, with no sideways scrolling."""
    world = build_world()
    services.on_victim_added(world.case, world.victim, world.oic)
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "advocate3", axe_check)  # the advocate whose client withdrew consent earlier
    expect(page.locator("h1")).to_have_text("Your clients")
    expect(page.locator("main")).not_to_contain_text(world.oic.email)
    page.get_by_role("link", name="Record or withdraw a client’s consent").click()
    expect(page.locator("h1")).to_have_text("Your clients’ consent")
    axe_check(page)
    page.get_by_label("Client").select_option(label="Ilze Bērziņa")
    page.get_by_label("Organisation").select_option(value="")
    page.get_by_label("In writing").check()
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the organisation")
    assert page.title().startswith("Error: Your clients’ consent")
    axe_check(page)
    _shot(page, "advocate-consent-error")
    page.get_by_label("Organisation").select_option(label="Beacon Advocacy Trust")
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()
    axe_check(page)
    _shot(page, "advocate-consent")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    axe_check(page)
    _shot(page, "advocate-consent-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Your clients").first.click()
    expect(page.locator("table")).to_contain_text(world.oic.email)
    page.get_by_role("link", name="Record or withdraw a client’s consent").click()
    page.get_by_role("button", name="Record that consent is withdrawn by Ilze Bērziņa").first.click()
    expect(page.get_by_text("Consent withdrawn.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Your clients").first.click()
    expect(page.locator("main")).not_to_contain_text(world.oic.email)

"""The case safeguarding pages in Chromium, at 375 px and at desktop width, with axe-core on each:
the hub, a protected detail (shown only after a reason), the disclosure export refused for a
protected value in the summary, an interpreter booking flagged as a mismatch, a section 45
consideration, the Home Office sharing ledger, the guidance, and the counts per force."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.browser.conftest import pass_second_factor
from tests.factories import PASSWORD, build_world
from tests.safeguarding import api_world as sg

from lantern.people.models import LanguageSkill
from lantern.safeguarding.interpreters import bookings as interpreters


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/signin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_case_safeguarding_pages(live_server: Any, browser: Any, axe_check: Callable[..., Any], width: int) -> None:
    w = build_world()
    sg.protected(w)
    w.case.summary = "Interview summary: her new number is 07700 900321."
    w.case.save()
    russian = interpreters.register(
        w.spoc,
        name="Olga R",
        sex="female",
        languages_offered={"ru": []},
        vetting="nppv2",
        vetted_until=date(2030, 1, 1),
    )
    LanguageSkill.objects.create(person=w.victim, language="lv", level="first")
    booking = interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=russian,
        language="ru",
        purpose="abe_interview",
        booked_for=timezone.now(),
        case=w.case,
    )
    s45 = sg.s45(w)
    share = sg.share(w)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(8000)
    page = context.new_page()
    base = live_server.url
    _sign_in(page, base, "oic")

    page.goto(f"{base}/cases/{w.case.pk}/")
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="Safeguarding").click()
    expect(page.get_by_role("heading", name="Safeguarding", exact=True)).to_be_visible()
    assert "900321" not in page.content()
    axe_check(page)

    page.get_by_role("link", name="New phone").click()
    assert "900321" not in page.content()
    axe_check(page)
    page.get_by_label("Why do you need to see it?").fill("Arranging the ABE interview")
    page.get_by_role("button", name="Show the detail").click()
    expect(page.locator("#protected-value")).to_contain_text("07700 900321")
    axe_check(page)

    page.goto(f"{base}/safeguarding/cases/{w.case.pk}/disclosure/")
    page.get_by_label("Who is it for?").fill("CPS")
    page.get_by_label("Why is it being made?").fill("Disclosure to the defence")
    page.get_by_role("button", name="Make the export").click()
    expect(page.locator("#found")).to_contain_text("Case summary: contains New phone")
    assert "900321" not in page.content()
    axe_check(page)
    page.get_by_role("button", name="Remove the protected details from this text").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Protected values removed")
    axe_check(page)

    for url in (
        f"/safeguarding/cases/{w.case.pk}/interpreters/{booking.pk}/",
        f"/safeguarding/cases/{w.case.pk}/interpreters/new/",
        f"/safeguarding/cases/{w.case.pk}/section-45/{s45.pk}/",
        f"/safeguarding/cases/{w.case.pk}/section-45/new/?person={s45.person_id}",
        f"/safeguarding/cases/{w.case.pk}/sharing/{share.pk}/",
        f"/safeguarding/cases/{w.case.pk}/sharing/new/",
        f"/safeguarding/cases/{w.case.pk}/protected/new/",
        f"/safeguarding/cases/{w.case.pk}/immigration-status/new/",
        "/safeguarding/guidance/",
        "/safeguarding/guidance/section-45/",
        "/safeguarding/",
        "/safeguarding/interpreters/",
    ):
        page.goto(base + url)
        axe_check(page)
    page.goto(f"{base}/safeguarding/cases/{w.case.pk}/interpreters/{booking.pk}/")
    expect(page.locator("#findings")).to_contain_text("has not said they speak Russian")

    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, base, "supervisor")
    page.goto(f"{base}/safeguarding/interpreters/new/")
    page.get_by_role("button", name="Add to the register").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the interpreter's name")
    axe_check(page)
    page.goto(f"{base}/safeguarding/oversight/")
    expect(page.locator("#sharing")).to_be_visible()
    axe_check(page)
    page.goto(f"{base}/safeguarding/cases/{w.case.pk}/sharing/{share.pk}/")
    page.get_by_label("Approve: the information is shared").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    axe_check(page)
    context.close()

"""The main Victims' Code journey in Chromium, axe on every page: the officer in charge opens the
victim updates of a case, sees what is owed and by when, records an update that meets two duties
(after a refused attempt dated in the future), agrees a 28-day contact plan, and a supervisor
waives a duty with a reason. Works without JavaScript (the forms are plain GOV.UK forms)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.test_journeys import sign_in, sign_out
from tests.factories import build_world

from lantern.victims_code import services
from lantern.victims_code.models import Duty, DutyKind
from lantern.victims_code.working_days import LONDON

Axe = Callable[..., list[dict[str, Any]]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_meets_duties_with_an_update_and_agrees_a_contact_plan(
    live_server: Any, page: Page, axe_check: Axe
) -> None:
    world = build_world()
    services.on_victim_added(world.case, world.victim, world.oic)
    base = live_server.url
    now = timezone.now().astimezone(LONDON)

    sign_in(page, base, "oic", axe_check)
    page.goto(f"{base}/cases/{world.case.pk}/victim-updates/")
    expect(page.locator("h1")).to_contain_text("WMP 20/000123/26")
    expect(page.get_by_role("link", name="Victim updates")).to_have_attribute("aria-current", "page")
    expect(page.get_by_test_id("days-since-told")).to_contain_text("Never")
    expect(page.get_by_test_id("next-deadline")).to_contain_text("Written confirmation of the crime")
    axe_check(page)

    # A date in the future is refused on the field, and nothing is recorded.
    page.get_by_role("button", name="Record an update you gave").click()
    expect(page.get_by_role("heading", name="Record an update you gave")).to_be_visible()
    axe_check(page)
    page.get_by_label("Day").fill(str(now.day))
    page.get_by_label("Month").fill(str(now.month))
    page.get_by_label("Year").fill(str(now.year + 1))
    page.get_by_label("Time", exact=True).fill("10:00")
    page.get_by_label("Phone call").check()
    page.get_by_label("Language used").select_option("lv")
    page.locator("#interpreter_used").check()  # Yes
    page.get_by_label("Interpreter's name").fill("Anna Ozola")
    page.get_by_label("What was the victim told?").fill(
        "Her crime reference, my name and number, and that she can ask for a support worker."
    )
    page.get_by_label(re.compile("^Written confirmation of the crime")).check()
    page.get_by_label(re.compile("^Referral to victim support services")).check()
    page.get_by_role("button", name="Record the update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("must be today or in the past")
    axe_check(page)
    assert not world.case.victim_updates.exists()

    # Corrected: today. Two duties are met by one update.
    page.get_by_label("Year").fill(str(now.year))
    page.get_by_label("Time", exact=True).fill(now.strftime("%H:%M"))
    page.get_by_role("button", name="Record the update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("It meets 2 duties")
    expect(page.get_by_test_id("days-since-told")).to_contain_text("0 days ago")
    axe_check(page)
    met = Duty.objects.filter(case=world.case, kind__in=[DutyKind.WRITTEN_CONFIRMATION, DutyKind.SUPPORT_REFERRAL])
    assert set(met.values_list("state", flat=True)) == {"met"}

    # The contact plan: every 28 days by phone, even with no news.
    page.get_by_role("link", name=re.compile("^Agree a plan")).click()
    axe_check(page)
    page.get_by_label("How often does the victim want an update, in days?").fill("28")
    page.get_by_label("Phone call").check()
    page.get_by_label("In which language?").select_option("lv")
    page.locator("#interpreter_needed").check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("every 28 days")
    expect(page.get_by_test_id("open-duties")).to_contain_text("Update due under the contact plan")
    axe_check(page)
    sign_out(page)

    # A supervisor waives the offer of a statement, with the reason, which stays on the case.
    sign_in(page, base, "supervisor", None)
    page.goto(f"{base}/cases/{world.case.pk}/victim-updates/")
    page.get_by_role("link", name=re.compile(r"^Waive\W+Offer to make a Victim Personal Statement")).click()
    axe_check(page)
    page.get_by_role("button", name="Waive the duty").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why this duty is waived")
    page.get_by_label("Why is this duty not being met?").fill(
        "She asked to decide about a statement after the interview."
    )
    page.get_by_role("button", name="Waive the duty").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Duty waived")
    page.get_by_text(re.compile(r"^Duties met or waived \(\d+\)")).click()
    expect(page.get_by_text("She asked to decide about a statement after the interview.")).to_be_visible()
    axe_check(page)

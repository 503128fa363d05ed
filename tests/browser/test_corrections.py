"""The correction journeys of issue 16 in Chromium, with axe-core on every page and a screenshot
of each new page (var/shots/, for a person to look at): add a person from the People tab,
withdraw a transfer request (and refused once decided), edit and retire an interpreter (a booking
still to come flagged for rebooking), change enhanced rights and see the duties re-timed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.browser.test_journeys import sign_in, sign_out
from tests.factories import build_world
from tests.safeguarding import api_world as sg

from lantern.cases import services as case_services
from lantern.cases.models import CaseParty, Transfer
from lantern.people.models import LanguageSkill
from lantern.safeguarding.interpreters import bookings as interpreters
from lantern.safeguarding.models import InterpreterBooking
from lantern.victims_code import services as vc_services
from lantern.victims_code.models import Duty, DutyKind

Axe = Callable[..., Any]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_add_a_person_from_the_people_tab(live_server: Any, page: Page, axe_check: Axe) -> None:
    w = build_world()
    base = live_server.url
    sign_in(page, base, "oic", None)
    page.goto(base + reverse("cases:people", args=[w.case.pk]))
    page.get_by_role("link", name="Add a person").click()
    axe_check(page)
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_check(page)
    _shot(page, "add_person_error")
    page.get_by_label("Given names").fill("Juris")
    page.get_by_label("Family name").fill("Liepa")
    page.get_by_label("Witness", exact=True).check()
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator("main")).to_contain_text("Juris")
    axe_check(page)
    assert CaseParty.objects.filter(case=w.case, role="witness").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_withdraw_a_transfer_request_and_refused_once_decided(live_server: Any, page: Page, axe_check: Axe) -> None:
    w = build_world()
    base = live_server.url
    first = case_services.request_transfer(w.other_force_officer, w.other_case, w.wmp, "The victim moved to Birmingham")
    sign_in(page, base, "metofficer", None)
    page.goto(base + reverse("cases:transfer", args=[first.pk]))
    axe_check(page)
    # West Midlands decides while the page is open: the withdrawal is refused with a clear message.
    case_services.decline_transfer(w.spoc, first, "Our force has no link with the victim's new address")
    page.get_by_role("button", name="Withdraw the transfer request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("can no longer be withdrawn")
    axe_check(page)
    _shot(page, "transfer_withdraw_refused")

    second = case_services.request_transfer(w.other_force_officer, w.other_case, w.wmp, "The victim moved again")
    page.goto(base + reverse("cases:transfer", args=[second.pk]))
    page.get_by_role("button", name="Withdraw the transfer request").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    axe_check(page)
    second.refresh_from_db()
    assert second.state == Transfer.State.WITHDRAWN


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_edit_and_retire_an_interpreter_with_a_booking_flagged(live_server: Any, page: Page, axe_check: Axe) -> None:
    w = build_world()
    w.oic.email = "oic@example.police.uk"
    w.oic.save()
    anna = sg.interpreter(w)
    LanguageSkill.objects.get_or_create(person=w.victim, language="lv", defaults={"level": "first"})
    booking = interpreters.propose(
        w.oic,
        person=w.victim,
        interpreter=anna,
        language="lv",
        purpose="abe_interview",
        booked_for=timezone.now() + dt.timedelta(days=5),
        case=w.case,
    )
    interpreters.confirm(w.oic, booking)
    base = live_server.url
    sign_in(page, base, "spoc", None)
    page.goto(base + reverse("safeguarding:interpreters"))
    page.get_by_role("link", name="Change Anna L's details").click()
    axe_check(page)
    _shot(page, "interpreter_edit")
    page.get_by_label("Languages and dialects").fill("Latvian: Latgalian\nRussian")
    page.get_by_label("NPPV level 3").check()
    page.get_by_role("button", name="Save the changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("details updated")
    expect(page.locator("main")).to_contain_text("Latgalian")
    axe_check(page)

    page.get_by_role("link", name="Retire Anna L").click()
    expect(page.locator("#to-come")).to_contain_text("1 booking still to come")
    axe_check(page)
    page.get_by_role("button", name="Retire the interpreter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    axe_check(page)
    _shot(page, "interpreter_retire_error")
    page.get_by_label("Why is the interpreter leaving the register?").fill("Vetting lapsed and not renewed")
    page.get_by_role("button", name="Retire the interpreter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 booking still to come flagged")
    expect(page.locator("main table")).to_contain_text("Retired")
    axe_check(page)
    _shot(page, "interpreter_register_retired")
    sign_out(page)

    sign_in(page, base, "oic", None)
    page.goto(base + reverse("safeguarding:case", args=[w.case.pk]))
    expect(page.locator("main")).to_contain_text("Rebook: interpreter retired")
    axe_check(page)
    page.goto(base + reverse("safeguarding:booking", args=[w.case.pk, booking.pk]))
    expect(page.locator("#rebook")).to_contain_text("Anna L has retired")
    axe_check(page)
    _shot(page, "booking_rebook")
    page.get_by_role("button", name="Cancel the booking").click()
    booking.refresh_from_db()
    assert booking.status == InterpreterBooking.Status.CANCELLED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_change_enhanced_rights_and_see_the_duties_re_timed(live_server: Any, page: Page, axe_check: Axe) -> None:
    w = build_world()
    vc_services.on_victim_added(w.case, w.victim, w.oic)
    written = Duty.objects.get(case=w.case, victim=w.victim, kind=DutyKind.WRITTEN_CONFIRMATION)
    assert written.working_days == 1
    base = live_server.url
    sign_in(page, base, "oic", None)
    page.goto(base + reverse("victims_code:enhanced_rights", args=[w.case.pk]))
    axe_check(page)
    page.get_by_role("radio", name="No").check()
    page.get_by_label("Reason").fill("Adult, not vulnerable or intimidated; asked for the standard service")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("re-timed")
    written.refresh_from_db()
    assert written.working_days == 5
    expect(page.locator("main")).to_contain_text(written.due_on.strftime("%a %-d %b %Y"))
    axe_check(page)
    _shot(page, "duties_retimed")
    page.goto(base + reverse("cases:timeline", args=[w.case.pk]))
    expect(page.locator("main")).to_contain_text("re-timed to the standard deadlines")
    axe_check(page)

"""Done-when for issue 10 item 1: a frontline officer goes from "I think this person may be a
victim" to a printed referral and a recorded crime, at 375 px and at desktop width, axe-core on
each page: check your answers (every answer, dates as "12 March 1994", the crime reference not
yet a case of the force), the confirmation with its next steps, the printable referral and its
PDF, then "Record the crime now" prefilled from the answers."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.test_first_response import NARRATIVE, _sign_in
from tests.factories import build_world

from lantern.cases.models import Case
from lantern.nrm.models import NrmReferral


def _shot(page: Any, name: str) -> None:
    """A screenshot to look at, when LANTERN_SCREENSHOTS names a folder."""
    folder = os.environ.get("LANTERN_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/first-response-{name}.png", full_page=True)


def _continue(page: Any, axe_check: Callable[..., Any], heading: str) -> None:
    assert page.locator("h1").inner_text().strip() == heading, page.locator("h1").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()


def _answer_every_question(page: Any, axe_check: Callable[..., Any]) -> None:
    """The same answers as the phone walk in test_first_response.py, with a crime reference."""
    page.get_by_label("Has no passport or ID, or someone else holds their documents").check()
    page.get_by_label("Paid little or nothing, or their wages are taken").check()
    page.get_by_label("Where did you meet the person?").fill("Birmingham city centre")
    _continue(page, axe_check, "What made you think this person may be a victim?")

    page.get_by_label("No", exact=True).check()
    _continue(page, axe_check, "Is the person safe right now?")

    # A page answered wrongly first: the error summary names the field.
    page.get_by_role("button", name="Continue").click()
    assert "Select where the person will be safe" in page.locator(".govuk-error-summary").inner_text()
    axe_check(page)
    page.get_by_label("Safe house").check()
    page.get_by_label("Who arranged it?").fill("Salvation Army referral line")
    page.get_by_label("Food and drink").check()
    _continue(page, axe_check, "A place of safety and what they need")

    page.get_by_label("No, 18 or over").check()
    page.locator("#under_18_at_exploitation-2").check()  # "No" of the second question
    _continue(page, axe_check, "How old is the person?")

    page.get_by_label("Which language did you speak to the person in?").select_option("lv")
    page.get_by_label("An interpreter by phone or video").check()
    _continue(page, axe_check, "How you spoke to the person")

    page.get_by_label("What the NRM is").check()
    page.get_by_label("The support it brings").check()
    page.get_by_label("Its possible outcomes, and that they can be referred later").check()
    _continue(page, axe_check, "Explain the National Referral Mechanism")

    page.get_by_label("Yes, they agree to a referral").check()
    _continue(page, axe_check, "Does the person agree to be referred?")

    page.get_by_label("What happened?").fill(NARRATIVE)
    page.get_by_label("Labour").check()
    page.get_by_label("Where were they exploited?").fill("Birmingham")
    page.get_by_label("Crime reference number").fill("20/004343/26")
    page.locator("#police_cooperation").check()  # Yes
    page.get_by_label("Where are they now?").fill("West Midlands")
    page.get_by_label("Who exploited them?").fill("Two men who ran the car wash")
    page.locator("#other_victims").check()  # Yes
    page.locator("#support_needed").check()  # Yes
    _continue(page, axe_check, "What happened to them")

    page.get_by_label("First name").fill("Ilze")
    page.get_by_label("Last name").fill("Ozola")
    page.locator("#date_of_birth-day").fill("27")
    page.locator("#date_of_birth-month").fill("3")
    page.locator("#date_of_birth-year").fill("1994")
    page.get_by_role("group", name="Gender").get_by_label("Female").check()
    page.get_by_role("group", name="Would they prefer a female or male interpreter?").get_by_label("Female").check()
    page.get_by_label("Nationality", exact=True).select_option("LV")
    page.locator("#interpreter_needed").check()  # Yes
    page.get_by_label("Language for the interpreter").select_option("lv")
    _continue(page, axe_check, "Who the person is")

    page.locator("#safe_to_contact").check()  # Yes
    page.get_by_label("Safe phone number").fill("07700 900123")
    _continue(page, axe_check, "How to contact them safely")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_suspicion_to_a_printed_referral_and_a_recorded_crime(
    live_server: Any, browser: Any, axe_check: Callable[..., Any], width: int
) -> None:
    build_world()
    context = browser.new_context(viewport={"width": width, "height": 812})
    context.set_default_timeout(20000)  # a loaded 2-core machine
    page = context.new_page()
    base = live_server.url
    _sign_in(page, base, "frontline")
    page.goto(f"{base}/safeguarding/first-response/start/")
    assert "I think this person may be a victim" in page.locator("h1").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Start now").click()
    _answer_every_question(page, axe_check)

    assert page.locator("h1").inner_text().strip() == "Check the NRM referral"
    body = page.locator("main").inner_text()
    for shown in ("27 March 1994", "Latvia", "Female", "Two men who ran the car wash", "West Midlands"):
        assert shown in body, shown
    assert "No case of your force has the crime reference 20/004343/26" in body
    axe_check(page)
    _shot(page, f"check-{width}")
    page.get_by_label("Reference from the Home Office").fill("NRM-2026-004343")
    page.get_by_role("button", name="Mark the NRM referral as sent").click()

    assert "NRM referral sent" in page.locator("h1").inner_text()
    axe_check(page)
    _shot(page, f"done-{width}")
    page.get_by_role("link", name="View the referral").click()
    assert "The referral's answers: Ilze Ozola" in page.locator("h1").inner_text()
    assert "About the potential victim" in page.locator("main").inner_text()
    axe_check(page)
    _shot(page, f"referral-{width}")
    pdf_path = page.get_by_role("link", name="download it as a PDF").get_attribute("href") or ""
    pdf = page.request.get(base + pdf_path)  # the request context needs an absolute address
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF")
    page.go_back()

    page.get_by_role("link", name="Record the crime now").click()
    assert page.get_by_label("Crime reference").input_value() == "20/004343/26"
    assert "car wash" in page.get_by_label("Summary").input_value()
    axe_check(page)
    page.get_by_role("button", name="Record the crime").click()
    case = Case.objects.get(crime_reference="20/004343/26")
    assert case.summary.startswith("Recruited in Riga")
    assert NrmReferral.objects.filter(reference="NRM-2026-004343").exists()
    context.close()

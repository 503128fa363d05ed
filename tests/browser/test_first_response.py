"""Done-when for issue 5: a frontline officer on a phone-sized screen (375 px wide) goes from "I
think this person may be a victim" to a complete NRM referral, and to an anonymous Duty to
Notify, one question page at a time, with axe-core finding nothing serious or critical on any
page. The referral is also walked with JavaScript switched off (the flow must not need it); axe
needs JavaScript to run, so it checks the pages in the runs with JavaScript on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.browser.conftest import pass_second_factor
from tests.factories import PASSWORD, build_world, new_case

from lantern.nrm.models import DutyToNotify, NrmReferral

PHONE = {"width": 375, "height": 812}

NARRATIVE = (
    "Recruited in Riga with a promise of warehouse work; made to work at a car wash in Birmingham fourteen hours "
    "a day, wages taken for rent, passport held by the boss, threatened when she asked to leave."
)


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/signin/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, username)


def _continue(page: Any, axe_check: Callable[..., Any], heading: str) -> None:
    assert page.locator("h1").inner_text().strip() == heading, page.locator("h1").inner_text()
    axe_check(page)
    _fits(page)
    page.get_by_role("button", name="Continue").click()


def _continue_any_width(page: Any, axe_check: Callable[..., Any], heading: str) -> None:
    assert page.locator("h1").inner_text().strip() == heading, page.locator("h1").inner_text()
    axe_check(page)
    page.get_by_role("button", name="Continue").click()


def answer_every_question(
    page: Any, axe_check: Callable[..., Any], crime_reference: str = "", fits: bool = True
) -> None:
    """Every question of the first response answered for an adult who agrees to a referral (the
    end-to-end walk adds a crime reference); each page checked by axe and, on a phone, for width."""

    def step(heading: str) -> None:
        (_continue if fits else _continue_any_width)(page, axe_check, heading)

    page.get_by_label("Has no passport or ID, or someone else holds their documents").check()
    page.get_by_label("Paid little or nothing, or their wages are taken").check()
    page.get_by_label("Where did you meet the person?").fill("Birmingham city centre")
    step("What made you think this person may be a victim?")

    page.get_by_label("No", exact=True).check()
    step("Is the person safe right now?")

    # A page answered wrongly first: the error summary names the field.
    page.get_by_role("button", name="Continue").click()
    assert "Select where the person will be safe" in page.locator(".govuk-error-summary").inner_text()
    axe_check(page)
    page.get_by_label("Safe house").check()
    page.get_by_label("Who arranged it?").fill("Salvation Army referral line")
    page.get_by_label("Food and drink").check()
    step("A place of safety and what they need")

    page.get_by_label("No, 18 or over").check()
    page.locator("#under_18_at_exploitation-2").check()  # "No" of the second question
    step("How old is the person?")

    page.get_by_label("Which language did you speak to the person in?").select_option("lv")
    page.get_by_label("An interpreter by phone or video").check()
    step("How you spoke to the person")

    page.get_by_label("What the NRM is").check()
    page.get_by_label("The support it brings").check()
    page.get_by_label("Its possible outcomes, and that they can be referred later").check()
    step("Explain the National Referral Mechanism")

    page.get_by_label("Yes, they agree to a referral").check()
    step("Does the person agree to be referred?")

    page.get_by_label("What happened?").fill(NARRATIVE)
    page.get_by_label("Labour").check()
    page.get_by_label("Where were they exploited?").fill("Birmingham")
    if crime_reference:
        page.get_by_label("Crime reference number").fill(crime_reference)
    page.locator("#police_cooperation").check()  # Yes
    page.get_by_label("Where are they now?").fill("West Midlands")
    page.get_by_label("Who exploited them?").fill("Two men who ran the car wash")
    page.locator("#other_victims").check()  # Yes
    page.locator("#support_needed").check()  # Yes
    step("What happened to them")

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
    step("Who the person is")

    page.locator("#safe_to_contact").check()  # Yes
    page.get_by_label("Safe phone number").fill("07700 900123")
    step("How to contact them safely")


def _no_axe(page: Any, **kwargs: Any) -> list[Any]:
    return []  # axe-core is JavaScript: with JavaScript off it cannot run (the JS run checks the same pages)


def _fits(page: Any) -> None:
    """Nothing wider than the phone: no sideways scrolling. Measured from the layout box of the
    body, which a page can read without JavaScript (Playwright's bounding box)."""
    box = page.locator("body").bounding_box()
    assert box is not None, f"{page.url} has no body box"
    assert box["width"] <= PHONE["width"], f"{page.url} is {box} wide"
    for selector in ("main", "form", "table", "dl"):
        for element in page.locator(selector).all():
            b = element.bounding_box()
            if b is not None:
                assert b["x"] + b["width"] <= PHONE["width"] + 1, f"{selector} on {page.url} overflows: {b}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_phone_first_response_to_a_complete_nrm_referral(
    live_server: Any, browser: Any, axe_check: Callable[..., Any], javascript: bool
) -> None:
    w = build_world()
    case = new_case(w.frontline, "20/004242/26")
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    if not javascript:
        axe_check = _no_axe
    context.set_default_timeout(8000)
    page = context.new_page()
    base = live_server.url
    _sign_in(page, base, "frontline")

    page.goto(f"{base}/safeguarding/")
    axe_check(page)
    page.goto(f"{base}/safeguarding/first-response/start/?case={case.pk}")
    assert "I think this person may be a victim" in page.locator("h1").inner_text()
    axe_check(page)
    _fits(page)
    page.get_by_role("button", name="Start now").click()

    answer_every_question(page, axe_check)

    assert page.locator("h1").inner_text().strip() == "Check the NRM referral"
    assert page.locator(".govuk-error-summary").count() == 0, page.locator(".govuk-error-summary").inner_text()
    axe_check(page)
    _fits(page)
    page.get_by_label("Reference from the Home Office").fill("NRM-2026-004242")
    page.get_by_role("button", name="Mark the NRM referral as sent").click()

    assert "NRM referral sent" in page.locator("h1").inner_text()
    assert "NRM-2026-004242" in page.locator(".govuk-panel").inner_text()
    axe_check(page)
    _fits(page)
    referral = NrmReferral.objects.get(reference="NRM-2026-004242")
    assert list(referral.cases.all()) == [case]
    assert referral.person.interpreter_sex_preference == "female"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_phone_first_response_to_an_anonymous_duty_to_notify(
    live_server: Any, browser: Any, axe_check: Callable[..., Any]
) -> None:
    w = build_world()
    case = new_case(w.frontline, "20/004343/26")
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(8000)
    page = context.new_page()
    base = live_server.url
    _sign_in(page, base, "frontline")
    page.goto(f"{base}/safeguarding/first-response/start/?case={case.pk}")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Not free to come and go, or escorted to and from work").check()
    _continue(page, axe_check, "What made you think this person may be a victim?")
    page.get_by_label("No", exact=True).check()
    _continue(page, axe_check, "Is the person safe right now?")
    page.get_by_label("Hotel or bed and breakfast").check()
    _continue(page, axe_check, "A place of safety and what they need")
    page.get_by_label("No, 18 or over").check()
    page.locator("#under_18_at_exploitation-2").check()
    _continue(page, axe_check, "How old is the person?")
    page.get_by_label("Which language did you speak to the person in?").select_option("ro")
    page.get_by_label("An officer who speaks the language").check()
    _continue(page, axe_check, "How you spoke to the person")
    for label in (
        "What the NRM is",
        "The support it brings",
        "Its possible outcomes, and that they can be referred later",
    ):
        page.get_by_label(label).check()
    _continue(page, axe_check, "Explain the National Referral Mechanism")
    page.get_by_label("No, they do not agree").check()
    page.get_by_label("If not, what did they say?").fill("Afraid of being sent home")
    page.locator("#police_contact_consent-2").check()  # No
    _continue(page, axe_check, "Does the person agree to be referred?")
    assert "Do not write their name" in page.locator("main").inner_text()
    page.get_by_label("What happened?").fill(NARRATIVE)
    page.get_by_label("Labour").check()
    page.get_by_label("Where were they exploited?").fill("Leicester")
    page.locator("#police_cooperation-2").check()  # No
    _continue(page, axe_check, "What happened to them (anonymous)")
    assert page.locator("h1").inner_text().strip() == "Check the Duty to Notify"
    axe_check(page)
    page.get_by_label("Reference from the Home Office").fill("DTN-2026-4343")
    page.get_by_role("button", name="Mark the Duty to Notify as sent").click()
    assert "Duty to Notify sent" in page.locator("h1").inner_text()
    axe_check(page)
    dtn = DutyToNotify.objects.get(reference="DTN-2026-4343")
    assert dtn.person is None
    assert list(dtn.cases.all()) == [case]
    context.close()

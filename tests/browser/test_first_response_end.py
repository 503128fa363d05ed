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
from tests.browser.test_first_response import _sign_in, answer_every_question
from tests.factories import build_world

from lantern.cases.models import Case
from lantern.nrm.models import NrmReferral


def _shot(page: Any, name: str) -> None:
    """A screenshot to look at, when LANTERN_SCREENSHOTS names a folder."""
    folder = os.environ.get("LANTERN_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/first-response-{name}.png", full_page=True)


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
    answer_every_question(page, axe_check, crime_reference="20/004343/26", fits=False)

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

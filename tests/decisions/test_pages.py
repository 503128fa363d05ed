"""The decisions pages as a user meets them: what is missing in plain words, bad input shown on its
field (400, never 500), the closing journey through the pages, a decision's whole history on one
page, and the advocate's view."""

from __future__ import annotations

from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from tests.decisions import helpers as h
from tests.factories import World

from lantern.cases.models import CaseStatus
from lantern.decisions import rules
from lantern.decisions.models import Decision, EnquiryAnswer


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def date_fields(name: str, day: Any) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def test_the_decisions_tab_lists_what_is_missing_in_plain_words(world: World, client: Client) -> None:
    page = signed_in(client, world.oic).get(reverse("decisions:case", args=[world.case.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Still missing before this case can be closed" in text
    assert "Take Ilze Bērziņa&#x27;s account, or record why it was not taken." in text
    assert "Answer “Was the suspect interviewed?”" in text
    assert 'aria-current="page"' in text
    assert ">Decisions</a>" in text


def test_a_checklist_answer_without_a_reason_is_shown_on_its_field(world: World, client: Client) -> None:
    url = reverse("decisions:checklist", args=[world.case.pk])
    page = signed_in(client, world.oic).post(url, {"financial_answer": "not_possible", "financial_note": ""})
    assert page.status_code == 400
    text = page.content.decode()
    assert "There is a problem" in text
    assert 'href="#financial_note"' in text
    assert "needs a reason" in text
    assert not EnquiryAnswer.objects.exists()


def test_closing_a_case_through_the_pages(world: World, client: Client, clock: time_machine.Traveller) -> None:
    oic = signed_in(Client(), world.oic)
    case = world.case
    answers: dict[str, str] = {}
    for item in rules.ENQUIRY_ITEMS:
        answers[f"{item.code}_answer"] = rules.NOT_APPLICABLE if item.code in rules.DONE_BY_RECORD else rules.DONE
        answers[f"{item.code}_note"] = "Done and logged"
    assert oic.post(reverse("decisions:checklist", args=[case.pk]), answers).status_code == 302
    account = {"taken": "yes", "method": "abe_interview", **date_fields("taken_on", h.today())}
    assert oic.post(reverse("decisions:account", args=[case.pk, world.victim.pk]), account).status_code == 302
    page = oic.post(
        reverse("decisions:credibility", args=[case.pk, world.victim.pk]),
        {"a_factor": "yes", "trauma_factors": ["inconsistency"], "how_considered": ""},
    )
    assert page.status_code == 400
    assert "how the effects of trauma" in page.content.decode()
    assert (
        oic.post(reverse("decisions:credibility", args=[case.pk, world.victim.pk]), {"a_factor": "no"}).status_code
        == 302
    )

    form = {
        "kind": "close",
        "line_0_code": "18",
        "decided_by_cps": "no",
        "investigated": "yes",
        "reasons": "We could not identify the men.",
        "reopen_if": "A name or a vehicle.",
        **date_fields("decided_on", h.today()),
    }
    bad = oic.post(reverse("decisions:propose", args=[case.pk]), {**form, "line_0_suspect": str(world.suspect.pk)})
    assert bad.status_code == 400
    assert "do not name a suspect" in bad.content.decode()
    done = oic.post(reverse("decisions:propose", args=[case.pk]), form)
    decision = Decision.objects.get(case=case)
    assert done["Location"] == reverse("decisions:detail", args=[decision.pk])

    boss = signed_in(Client(), world.supervisor)
    checklist = boss.get(reverse("decisions:sign_off", args=[decision.pk])).content.decode()
    assert "Sign off and close</button>" in checklist
    # "Sign off and close" signs off, makes the victim's letter and closes the case.
    assert boss.post(reverse("decisions:sign_off", args=[decision.pk]), {"agreed": "yes"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    history = oic.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    for step in (
        "Were the premises and the business checked? Done",
        "Ilze Bērziņa&#x27;s account taken",
        "credibility was not a factor",
        "Decision proposed",
        "Signed off",
        "letter to Ilze Bērziņa made",
        "Case closed",
        "No right to review for Ilze Bērziņa",
    ):
        assert step in history, step
    letter = decision.letters.get()
    clock.move_to(h.london("2026-12-07 11:00"))
    delivered = oic.post(
        reverse("decisions:delivered", args=[letter.pk]),
        {"method": "read_by_interpreter", "delivered_time": "10:30", **date_fields("delivered_on", h.today())},
    )
    assert delivered.status_code == 302
    history = oic.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Ilze Bērziņa received the letter (read to them by an interpreter)" in history
    pdf = oic.get(reverse("decisions:letter_pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert bytes(pdf.content).startswith(b"%PDF")


def test_the_case_edit_page_refuses_closed_and_points_to_the_decisions_page(world: World, client: Client) -> None:
    page = signed_in(client, world.oic).post(
        reverse("cases:edit", args=[world.case.pk]),
        {"summary": "x", "status": "closed", "version": world.case.version},
    )
    assert page.status_code == 400
    assert "Decisions page" in page.content.decode()


def test_the_advocate_sees_whether_their_client_was_told_and_can_ask_for_written_reasons(
    world: World, client: Client
) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    decision = h.take_to_close(world.oic, world.supervisor, world.case, h.close_decision(world.oic, world.case, "18"))
    advocate = signed_in(client, world.advocate)
    page = advocate.get(reverse("decisions:case", args=[world.case.pk])).content.decode()
    assert "Not yet" in page
    assert "Ask for the reasons in writing" in page
    assert "The only evidence is your account" not in page  # the reasons are in the letter to the victim
    asked = advocate.post(
        reverse("decisions:written_reasons", args=[decision.pk]),
        {"victim": str(world.victim.pk), "requester": "advocate", **date_fields("received_on", h.today())},
    )
    assert asked.status_code == 302
    assert decision.written_reasons_requests.get().advocate == world.advocate


def test_the_work_list_shows_a_decision_waiting_for_sign_off(world: World, client: Client) -> None:
    from lantern.decisions import services

    services.propose(world.oic, world.case, h.close_decision(world.oic, world.case, "18"))
    page = signed_in(client, world.supervisor).get(reverse("decisions:work")).content.decode()
    assert "Closing decision waiting for sign-off" in page
    assert "WMP 20/000123/26" in page

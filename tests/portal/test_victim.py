"""The victim's own page: a link and a passcode given separately; revocable, re-issuable,
locking after repeated wrong passcodes (and alerting the officer), rate-limited, revealing nothing
to a guess, never cached, and never showing a suspect, another victim, an officer's note or a
protected detail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from tests.factories import World, person
from tests.portal.conftest import give_update, london, open_page

from lantern.cases.models import CaseParty
from lantern.core import clock as service_clock
from lantern.notify.models import OutboxMessage
from lantern.portal import feedback, invitations, rules
from lantern.portal.models import FeedbackGiven, FeedbackResponse, UpdateRequest, VictimInvitation
from lantern.victims_code import services as vc_services


def test_a_valid_link_and_passcode_open_the_page(world: World, client: Client) -> None:
    w = world
    vc_services.record_event(
        w.oic, w.case, "suspect_arrested", london("2026-12-04 10:00"), "SECRET-NOTE arrested at 4 Mill Lane"
    )
    other = person("Olena", "Kovalenko")
    CaseParty.objects.create(case=w.case, person=other, role="victim")
    issued = invitations.issue(w.oic, w.case, w.victim, "en")
    start = client.get(issued.path)
    assert start.status_code == 200
    assert "no-store" in start["Cache-Control"]
    assert b"<title>Information</title>" in start.content
    open_page(client, issued)
    page = client.get(reverse("portal:victim_page", kwargs={"token": issued.token}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    assert "<title>Information</title>" in html
    assert "Leave this page quickly" in html
    assert w.oic.email in html
    assert "08000 121 700" in html
    assert "The police arrested someone." in html
    for secret in ("SECRET-NOTE", "Mill Lane", "Volkov", "Dmitri", "Kovalenko", "Olena", "20/000123/26"):
        assert secret not in html, secret


def test_a_guessed_link_reveals_nothing(world: World, client: Client) -> None:
    issued = invitations.issue(world.oic, world.case, world.victim, "en")
    real = client.post(issued.path, {"passcode": "00000000"})
    guessed = client.post(reverse("portal:victim_start", kwargs={"token": "guess"}), {"passcode": "00000000"})
    assert real.status_code == guessed.status_code == 400

    def strip(html: str) -> str:
        return html.replace(issued.token, "").replace("guess", "")

    assert (
        strip(real.content.decode()).count("That did not work")
        == strip(guessed.content.decode()).count("That did not work")
        == 1
    )
    assert client.get(reverse("portal:victim_page", kwargs={"token": "guess"})).status_code == 302


@override_settings(LANTERN_PORTAL_RATE_LIMIT=3)
def test_tries_are_rate_limited_per_address(world: World, client: Client) -> None:
    url = reverse("portal:victim_start", kwargs={"token": "guess"})
    statuses = [client.post(url, {"passcode": "1"}).status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_repeated_wrong_passcodes_lock_the_link_and_alert_the_officer(world: World, client: Client) -> None:
    issued = invitations.issue(world.oic, world.case, world.victim, "en")
    for _ in range(5):
        client.post(issued.path, {"passcode": "11111111"})
    invitation = VictimInvitation.objects.get(pk=issued.invitation.pk)
    assert invitation.state == "locked"
    alert = OutboxMessage.objects.get(purpose="portal_alert")
    assert alert.case == world.case
    assert "locked" in alert.subject
    assert (
        client.post(issued.path, {"passcode": issued.passcode}).status_code == 400
    )  # the right one no longer opens it
    again = invitations.issue(world.oic, world.case, world.victim, "en")  # re-issued: a new link works
    open_page(client, again)


def test_a_revoked_link_stops_working_at_once(world: World, client: Client) -> None:
    issued = invitations.issue(world.oic, world.case, world.victim, "en")
    open_page(client, issued)
    page_url = reverse("portal:victim_page", kwargs={"token": issued.token})
    assert client.get(page_url).status_code == 200
    invitations.revoke(world.oic, issued.invitation)
    assert client.get(page_url).status_code == 302
    assert client.post(issued.path, {"passcode": issued.passcode}).status_code == 400


def test_only_the_oic_supervisor_or_spoc_issue_links(world: World) -> None:
    from lantern.core.access import AccessDenied

    for persona in ("colleague", "advocate", "cps", "other_force_officer"):
        with pytest.raises(AccessDenied):
            invitations.issue(getattr(world, persona), world.case, world.victim, "en")


def test_the_officer_issues_from_the_case_page(world: World) -> None:
    client = Client()
    client.force_login(world.oic)
    response = client.post(
        reverse("portal:invitation_issue", args=[world.case.pk]), {"victim": world.victim.pk, "language": "cy"}
    )
    assert response.status_code == 200
    assert b"Link and passcode issued" in response.content
    assert VictimInvitation.objects.get().language == "cy"


@pytest.mark.parametrize(
    ("lang", "words", "rtl"),
    [
        ("en", "Your officer", False),
        ("cy", "Eich swyddog", False),
        ("sq", "Oficeri juaj", False),
        ("ar", "الضابط المسؤول عنك", True),
    ],
)
def test_the_page_speaks_the_victims_language(world: World, client: Client, lang: str, words: str, rtl: bool) -> None:
    issued = invitations.issue(world.oic, world.case, world.victim, lang)
    open_page(client, issued)
    html = client.get(reverse("portal:victim_page", kwargs={"token": issued.token})).content.decode()
    assert words in html
    assert f'lang="{lang}"' in html
    assert ('dir="rtl"' in html) == rtl
    assert ("app-translator-check" in html) == (lang != "en")


def test_the_victim_asks_for_an_update_from_their_page(world: World, client: Client) -> None:
    issued = invitations.issue(world.oic, world.case, world.victim, "en")
    open_page(client, issued)
    url = reverse("portal:victim_page", kwargs={"token": issued.token})
    assert client.post(url, {"message": "Please call me"}).status_code == 302
    made = UpdateRequest.objects.get()
    assert made.requester == "victim"
    assert made.advocate is None
    assert "Your officer should answer by 14/12/2026" in client.get(url).content.decode()


def test_letters_to_download_and_a_letter_of_another_victim_refused(world: World, client: Client) -> None:
    from lantern.victims_code import sending

    update = sending.send_update(
        world.oic, world.case, sending.OutgoingUpdate(world.victim, "letter", "Your case is being investigated.")
    )
    from lantern.notify import outbox

    assert update.message is not None
    outbox.mark_delivered(update.message, method="posted", at=service_clock.now(), actor=world.oic)
    issued = invitations.issue(world.oic, world.case, world.victim, "en")
    open_page(client, issued)
    response = client.get(
        reverse("portal:victim_letter", kwargs={"token": issued.token, "letter_pk": update.letter_id})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        client.get(reverse("portal:victim_letter", kwargs={"token": issued.token, "letter_pk": 999999})).status_code
        == 404
    )


def test_feedback_is_kept_apart_and_offered_once_per_occasion(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    w = world
    assert feedback.open_occasion(w.case, w.victim) is None
    give_update(w)
    assert feedback.open_occasion(w.case, w.victim) == ("first_contact", feedback.open_occasion(w.case, w.victim)[1])  # type: ignore[index]
    issued = invitations.issue(w.oic, w.case, w.victim, "pl")
    open_page(client, issued)
    url = reverse("portal:victim_feedback", kwargs={"token": issued.token})
    assert "Czy informowano" in client.get(url).content.decode()
    response = client.post(url, {"kept_informed": "5", "believed": "2"})
    assert response.status_code == 302
    stored = FeedbackResponse.objects.get()
    assert stored.language == "pl"
    assert stored.kept_informed == 5
    assert stored.listened_to is None
    assert {f.name for f in FeedbackResponse._meta.get_fields()}.isdisjoint(
        {"case", "victim", "person", "invitation", "user"}
    )
    assert FeedbackGiven.objects.count() == 1
    assert feedback.open_occasion(w.case, w.victim) is None
    summary = feedback.aggregate(
        feedback.scope_for(w.supervisor), london("2026-12-01 00:00").date(), service_clock.today()
    )
    assert all(q.answered is None for q in summary)  # one answer: suppressed


def test_summaries_suppress_small_numbers() -> None:
    shown = rules.summarise({"kept_informed": [5] * 9 + [1]}, 10)
    assert shown[0].answered == 10
    assert shown[0].agreed_share == 0.9
    assert rules.summarise({"kept_informed": [5] * 9}, 10)[0].answered is None


def test_the_page_says_plainly_that_an_order_protects_them_without_its_details(world: World, client: Client) -> None:
    from tests.orders import world as orders_world

    sentence = "A court order is in place to protect you."
    issued = invitations.issue(world.oic, world.case, world.victim, "en")
    open_page(client, issued)
    page = reverse("portal:victim_page", kwargs={"token": issued.token})
    assert sentence not in client.get(page).content.decode()
    orders_world.granted(world, cases=[world.case], reference="VICTIM-PAGE")
    html = client.get(page).content.decode()
    assert sentence in html
    for secret in ("Volkov", "Dmitri", "VICTIM-PAGE", "Southwark"):
        assert secret not in html, secret


def test_a_date_that_has_passed_is_said_to_be_late_never_promised_again(
    world: World, client: Client, clock: time_machine.Traveller
) -> None:
    from lantern.victims_code.models import Duty

    issued = invitations.issue(world.oic, world.case, world.victim, "en")
    open_page(client, issued)
    url = reverse("portal:victim_page", kwargs={"token": issued.token})
    due = Duty.objects.filter(case=world.case, victim=world.victim, state=Duty.State.OPEN).order_by("due_on")[0].due_on
    day = f"{due.day}/{due.month}/{due.year}"
    assert due >= service_clock.today()
    assert f"You should hear from your officer by {day}." in client.get(url).content.decode()
    clock.move_to(london(f"{due.isoformat()} 23:00") + dt.timedelta(days=1))
    open_page(client, issued)  # a day later the victim opens the page again
    late = client.get(url).content.decode()
    assert f"Your officer should have contacted you by {day}. You can ask for an update on this page." in late
    assert "You should hear from your officer by" not in late

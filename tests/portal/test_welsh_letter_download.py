"""A Welsh victim downloads their letter in Welsh from their own page (issue 11, item 4: "English
and Welsh complete (interface, content and letters)"); an English victim's letter is unchanged."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from tests.decisions.test_letters import pdf_text
from tests.factories import World
from tests.portal.conftest import open_page

from lantern.core import clock as service_clock
from lantern.notify import outbox
from lantern.notify.models import Letter
from lantern.people.models import LanguageSkill
from lantern.portal import invitations
from lantern.victims_code import sending

WELSH = "Fe wnaethom arestio dyn ddoe. Mae wedi'i ryddhau ar fechnïaeth."


def _letter_given(w: World, translation: str = "") -> int:
    update = sending.send_update(
        w.oic,
        w.case,
        sending.OutgoingUpdate(w.victim, "letter", "We arrested a man yesterday.", translation=translation),
    )
    assert update.message is not None
    outbox.mark_delivered(update.message, method="posted", at=service_clock.now(), actor=w.oic)
    assert update.letter_id is not None
    return update.letter_id


def _download(client: Client, w: World, language: str, letter_id: int) -> Letter:
    issued = invitations.issue(w.oic, w.case, w.victim, language)
    open_page(client, issued)
    page = client.get(reverse("portal:victim_page", kwargs={"token": issued.token}))
    assert (
        reverse("portal:victim_letter", kwargs={"token": issued.token, "letter_pk": letter_id}) in page.content.decode()
    )
    response = client.get(reverse("portal:victim_letter", kwargs={"token": issued.token, "letter_pk": letter_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    letter = Letter.objects.get(pk=letter_id)
    assert bytes(letter.pdf) == response.content
    return letter


def test_a_welsh_victim_downloads_a_welsh_letter(world: World, client: Client) -> None:
    w = world
    LanguageSkill.objects.create(person=w.victim, language="cy", level="first")
    letter = _download(client, w, "cy", _letter_given(w, WELSH))
    assert letter.rendered_language == "cy"
    assert not letter.interpreter_note
    text = " ".join(pdf_text(letter).split())
    assert "Y wybodaeth ddiweddaraf am eich achos" in text
    assert WELSH in text
    assert "7 Rhagfyr 2026" in text  # the date in Welsh
    assert "Yn gywir" in text
    for english in ("Dear ", "Yours sincerely", "December", "We arrested a man"):
        assert english not in text, english


def test_an_english_victims_letter_is_unchanged(world: World, client: Client) -> None:
    w = world
    LanguageSkill.objects.create(person=w.victim, language="en", level="first")
    letter = _download(client, w, "en", _letter_given(w))
    assert letter.rendered_language == "en"
    text = " ".join(pdf_text(letter).split())
    assert "An update about your case" in text
    assert "7 December 2026" in text
    assert "We arrested a man yesterday." in text
    for welsh in ("Annwyl", "Rhagfyr", "Yn gywir"):
        assert welsh not in text, welsh

"""The letters a decision sends: the written reasons in the victim's language where a translation is
held, in English with the interpreter note otherwise; read back from the PDF with pdftotext, so a
letter that is right in the database but wrong on paper fails here."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from tests.decisions import helpers as h
from tests.factories import World

from lantern.decisions import letter_content, services
from lantern.decisions.models import DecisionLetter
from lantern.notify.models import Letter
from lantern.people.models import LanguageSkill

TI_REASONS = "ካብ ቃልኩም ወጻኢ ነቲ ጉዳይ ናብ ቤት ፍርዲ ንምውሳድ እኹል መርትዖ ኣይረኸብናን።"
AR_REASONS = "لم نجد أدلة كافية، غير إفادتك، لعرض القضية على المحكمة. اتصل على 01632 960001."


def pdf_text(letter: Letter) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (./lantern test does)")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=bytes(letter.pdf), capture_output=True, check=True)
    return "".join(c for c in out.stdout.decode("utf-8") if unicodedata.category(c) != "Cf")


def letter_for(world: World, language: str, **translation: object) -> DecisionLetter:
    LanguageSkill.objects.create(person=world.victim, language=language, level="first")
    h.ready_evidence(world.oic, world.case, [world.victim])
    data = h.close_decision(world.oic, world.case, "18", offence_obj=None, suspect=None, **translation)
    decision = services.propose(world.oic, world.case, data)
    services.sign_off(world.supervisor, decision, agreed=True, note="")
    decision.refresh_from_db()
    return services.make_letters(world.oic, decision)[0]


def test_the_english_letter_says_what_was_decided_why_what_was_done_what_would_reopen_and_about_review(
    world: World,
) -> None:
    dl = letter_for(world, "en")
    text = pdf_text(dl.letter)
    for words in (
        "The decision on your case, WMP 20/000123/26",
        "What we decided",
        "we have not been able to identify who committed the crime",
        "The only evidence is your account",
        "We asked the Crown Prosecution Service for advice",  # the case's early advice referral
        "What would make us look at your case again",
        "Asking for a review",
        "does not cover this decision",
    ):
        assert words in " ".join(text.split()), words
    assert dl.letter.text.startswith("The decision on your case")


def test_a_tigrinya_translation_gives_a_tigrinya_letter(world: World) -> None:
    dl = letter_for(
        world,
        "ti",
        translation_language="ti",
        reasons_translated=TI_REASONS,
        reopen_if_translated="ሓድሽ ምስክር ወይ መርትዖ እንተተረኺቡ።",
        what_was_done_translated="ነቲ መሕጸቢ መካይን በጺሕናዮ።",
        translated_by="R. Haile",
    )
    assert dl.letter.rendered_language == "ti"
    assert not dl.letter.interpreter_note
    text = pdf_text(dl.letter)
    assert "ቃልኩም" in text
    assert "ዳግመ-ምርመራ ምሕታት" in text
    assert "መርመራ ገይርና ኢና" in text  # outcome 18 in Tigrinya


def test_an_arabic_letter_keeps_a_phone_number_in_the_translators_words_in_order(world: World) -> None:
    dl = letter_for(
        world,
        "ar",
        translation_language="ar",
        reasons_translated=AR_REASONS,
        reopen_if_translated="إذا تقدم شاهد أو ظهرت أدلة جديدة.",
        what_was_done_translated="زرنا مغسلة السيارات.",
        translated_by="A. Haddad",
    )
    assert dl.letter.rendered_language == "ar"
    text = pdf_text(dl.letter)
    assert "01632 960001" in text
    assert "لعرض القضية على المحكمة" in text


def test_without_a_translation_the_letter_is_english_with_the_interpreter_note_in_their_language(world: World) -> None:
    dl = letter_for(world, "ar")
    assert dl.letter.rendered_language == "en"
    assert dl.letter.interpreter_note
    text = pdf_text(dl.letter)
    assert "An interpreter must read it to you" in " ".join(text.split())
    assert "مترجم" in text


def test_the_stored_letter_is_what_is_sent_again_and_no_letter_is_made_twice(world: World) -> None:
    dl = letter_for(world, "en")
    assert services.make_letters(world.oic, dl.decision) == []
    assert DecisionLetter.objects.count() == 1


def test_a_letter_is_not_made_before_the_sign_off(world: World) -> None:
    h.ready_evidence(world.oic, world.case, [world.victim])
    decision = services.propose(world.oic, world.case, h.close_decision(world.oic, world.case, "18"))
    with pytest.raises(ValidationError) as refused:
        services.make_letters(world.oic, decision)
    assert "signed off" in refused.value.message_dict["decision"][0]


def test_grouped_numbers_are_isolated_only_in_right_to_left_text() -> None:
    assert letter_content.keep_numbers_in_order("هاتف 01632 960001", "ar") == "هاتف \u206601632 960001\u2069"
    assert letter_content.keep_numbers_in_order("phone 01632 960001", "ti") == "phone 01632 960001"
    assert letter_content.keep_numbers_in_order("في 24 ديسمبر", "ar") == "في 24 ديسمبر"

"""The written-reasons letter lists, in plain words, the lines of enquiry that were not possible and
why, as the closure gate recorded them (issue 16, item 5), in English and in Arabic (right to left),
read back from the PDF."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.decisions.test_letters import AR_REASONS, letter_for, pdf_text
from tests.factories import World

from lantern.decisions import letter_content


def _png(pdf: bytes, name: str) -> None:
    """With LANTERN_LETTER_PNG_DIR set, keep page 1 as a PNG to look at (pdftoppm)."""
    out = os.environ.get("LANTERN_LETTER_PNG_DIR")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-", str(Path(out) / name)], input=pdf, check=True)


def test_the_english_letter_says_what_could_not_be_done_and_why(world: World) -> None:
    dl = letter_for(world, "en")
    _png(bytes(dl.letter.pdf), "not_possible_en")
    text = " ".join(pdf_text(dl.letter).split())
    assert "What we could not do, and why" in text
    assert "We could not look into the money: bank accounts, wages and payments. Why: Checked with the" in text
    assert "We could not make enquiries abroad." in text
    assert "interview the suspect" not in text, "done by its record (not applicable here), so not listed"


def test_the_arabic_letter_lists_them_right_to_left_with_the_officers_reason_in_order(world: World) -> None:
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
    _png(bytes(dl.letter.pdf), "not_possible_ar")
    text = pdf_text(dl.letter)
    assert "لم نتمكن من" in text
    assert "السبب" in text
    assert "استفسارات في الخارج" in text
    assert "Checked with the intelligence unit: nothing" in " ".join(text.split())


def test_no_section_when_every_line_was_possible() -> None:
    empty = letter_content.not_possible_list([])
    assert empty.get("en") == ""
    assert empty.get("ar") == ""
    assert empty.get("ti") == ""
    one = letter_content.not_possible_list([("digital", "The phone was destroyed")])
    assert one.get("ti").startswith("# What we could not do"), "a language without the phrases gets English"

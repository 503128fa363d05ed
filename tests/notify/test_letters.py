"""PDF letters: made once, stored with their exact text, in the reader's language where a
translation is held; refused, never rendered with characters missing. Read back with pdftotext
(poppler-utils), so a letter that looks right in the database but not on paper fails here."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from lantern.notify import letters
from lantern.notify.letters import LetterRefused, Localised
from lantern.notify.models import Letter

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 28, 10, 0, tzinfo=dt.UTC)
MESSAGE = {
    "en": "The man arrested on 24 December has been released on bail. He must not contact you.",
    "ti": "እቲ ብ24 ታሕሳስ ዝተኣስረ ሰብኣይ ብዋሕስ ተፈቲሑ ኣሎ። ምሳኹም ክራኸብ ኣይፍቀደሉን እዩ።",
    "ar": "أُفرج بكفالة عن الرجل الذي اعتُقل في 24 ديسمبر. لا يجوز له التواصل معك.",
}


def context(name: str = "Ilze Bērziņa", **texts: str) -> dict[str, object]:
    return {
        "force_name": "West Midlands Police",
        "date_long": "28 December 2026",
        "date_numeric": "28.12.2026",
        "victim_name": name,
        "case_reference": "WMP 20/000123/26",
        "officer_name": "DC Priya Shah",
        "officer_phone": "01632 960001",
        "officer_email": "priya.shah@example.police.uk",
        "message": Localised({"en": MESSAGE["en"], **texts}),
    }


def pdf_text(letter: Letter) -> str:
    """What a reader of the PDF sees, without the invisible direction marks."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (./lantern test does)")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=bytes(letter.pdf), capture_output=True, check=True)
    text = out.stdout.decode("utf-8")
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def test_an_english_letter_is_stored_with_its_exact_text_and_pdf() -> None:
    letter = letters.render("victim_update", "en", context(), now=NOW)
    assert letter.rendered_language == "en"
    assert not letter.interpreter_note
    assert letter.pages == 1
    assert letter.sha256 == hashlib.sha256(bytes(letter.pdf)).hexdigest()
    assert letter.text.startswith(
        "An update about your case, WMP 20/000123/26\n\nWest Midlands Police\n28 December 2026"
    )
    seen = pdf_text(letter)
    for line in ("Dear Ilze Bērziņa,", MESSAGE["en"][:60], "Phone: 01632 960001", "Yours sincerely,"):
        assert line in seen
    assert len(letter.pdf) < 100_000, "fonts are subset, not embedded whole"


def test_a_tigrinya_letter_and_the_english_after_a_line_ending_in_a_fallback_glyph() -> None:
    letter = letters.render("victim_update", "ti", context("ሳባ ተስፋይ", ti=MESSAGE["ti"]), now=NOW)
    assert letter.rendered_language == "ti"
    assert not letter.interpreter_note
    seen = pdf_text(letter)
    assert "ክቡር/ክብርቲ ሳባ ተስፋይ" in seen
    assert "ተፈቲሑ ኣሎ።" in seen
    # fpdf2 2.8.9 garbles the text after a block ending in a fallback glyph (።): it must not here.
    assert "ምስ ሰላምታ፣" in seen
    assert "DC Priya Shah\nWest Midlands Police" in seen.replace("\r", "")


def test_an_arabic_letter_runs_right_to_left_and_keeps_numbers_in_order() -> None:
    letter = letters.render("victim_update", "ar", context("أمل حسن", ar=MESSAGE["ar"]), now=NOW)
    assert letter.rendered_language == "ar"
    seen = unicodedata.normalize("NFKC", pdf_text(letter))
    assert "01632 960001" in seen, "a phone number is not reordered by the bidi algorithm"
    assert "WMP 20/000123/26" in seen
    assert unicodedata.normalize("NFKC", "قضيتك") in seen


def test_without_a_translation_the_letter_is_english_with_the_interpreter_note_in_both_languages() -> None:
    letter = letters.render("victim_update", "ti", context("ሳባ ተስፋይ"), now=NOW)  # no Tigrinya text of the message
    assert letter.rendered_language == "en"
    assert letter.interpreter_note
    assert letter.language == "ti"
    seen = pdf_text(letter)
    assert "An interpreter must read it to you" in seen
    assert "ተርጓማይ ብቋንቋኹም ከንብበልኩም ኣለዎ።" in seen
    assert seen.index("An interpreter must read it") < seen.index("Dear "), "the note comes first"
    assert "West Midlands Police" in seen.split("ኣለዎ።", 1)[1], "English after the Tigrinya note is intact"


def test_a_language_with_no_note_held_gets_the_english_note() -> None:
    letter = letters.render("victim_update", "fr", context(), now=NOW)
    assert letter.rendered_language == "en"
    assert letter.interpreter_note
    assert "An interpreter must read it to you" in pdf_text(letter)


def test_a_letter_a_font_cannot_show_is_refused_and_nothing_is_stored(settings: Settings, tmp_path: Path) -> None:
    # Only the Latin font installed: the Tigrinya would silently vanish from the PDF.
    (tmp_path / "NotoSans-Regular.ttf").symlink_to(letters.available_fonts()[0].path)
    settings.LANTERN_LETTER_FONT_DIRS = [str(tmp_path)]
    with pytest.raises(LetterRefused) as exc:
        letters.render("victim_update", "ti", context("ሳባ ተስፋይ", ti=MESSAGE["ti"]), now=NOW)
    message = exc.value.messages[0]
    assert "no installed font can show" in message
    assert "(U+1213 Ethiopic Syllable Hhaa)" in message
    assert not Letter.objects.exists()


def test_a_character_no_font_has_is_refused_even_with_every_font() -> None:
    with pytest.raises(LetterRefused, match=r"U\+0378"):
        letters.render("victim_update", "en", context("Ilze \u0378"), now=NOW)


def test_without_the_base_font_letters_are_refused_with_what_to_install(settings: Settings, tmp_path: Path) -> None:
    settings.LANTERN_LETTER_FONT_DIRS = [str(tmp_path)]
    with pytest.raises(LetterRefused, match="fonts-noto-core"):
        letters.render("victim_update", "en", context(), now=NOW)


def test_a_stored_letter_keeps_its_words_when_the_template_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    letter = letters.render("victim_update", "en", context(), now=NOW)
    shutil.copytree(letters.TEMPLATE_DIR, tmp_path / "t")
    english = tmp_path / "t" / "victim_update" / "en.txt"
    english.write_text(english.read_text().replace("Yours sincerely,", "Kind regards,"))
    monkeypatch.setattr(letters, "TEMPLATE_DIR", tmp_path / "t")
    letters._templates.cache_clear()
    try:
        newer = letters.render("victim_update", "en", context(), now=NOW)
    finally:
        letters._templates.cache_clear()
    assert "Kind regards," in newer.text
    again = Letter.objects.get(pk=letter.pk)
    assert "Yours sincerely," in again.text
    assert "Yours sincerely," in pdf_text(again)


def test_a_letter_kind_that_does_not_exist_or_has_no_text_is_refused() -> None:
    with pytest.raises(LetterRefused, match="no letter template"):
        letters.render("nonsense", "en", {}, now=NOW)
    assert "victim_update" in letters.kinds()
    assert {"en", "ar", "ti", "lv"} <= letters.held_languages("victim_update")

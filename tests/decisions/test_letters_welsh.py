"""Welsh letters (issue 11, item 4): a victim whose language is Welsh gets the decision letter in
Welsh once the officer's own words are translated, with its date and review deadline in Welsh;
the English letter is unchanged by the Welsh texts. Read back from the PDF with pdftotext."""

from __future__ import annotations

import datetime as dt
import json

from tests.decisions.test_letters import letter_for, pdf_text
from tests.factories import World

from lantern.decisions import letter_content
from lantern.notify import letters
from lantern.notify.letters import Localised

CY_REASONS = "Yr unig dystiolaeth yw eich datganiad chi, ac mae'r sawl a ddrwgdybir yn ei wadu."
WELSH = {
    "translation_language": "cy",
    "reasons_translated": CY_REASONS,
    "reopen_if_translated": "Byddai tyst a welodd y gwaith, neu gofnodion taliadau, yn gwneud i ni edrych eto.",
    "what_was_done_translated": "Fe wnaethom ymweld â'r olchfa geir ddwywaith.",
    "translated_by": "G. Jones",
}
MONTHS_CY = "Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr".split()


def test_a_welsh_victim_gets_the_letter_in_welsh(world: World) -> None:
    dl = letter_for(world, "cy", **WELSH)
    assert dl.letter.rendered_language == "cy"
    assert not dl.letter.interpreter_note
    text = " ".join(pdf_text(dl.letter).split())
    for words in (
        "Y penderfyniad am eich achos, WMP 20/000123/26",
        "Beth wnaethom ei benderfynu",
        "nid ydym wedi gallu canfod pwy a gyflawnodd y drosedd",  # outcome 18, from letter_texts/cy.json
        CY_REASONS,
        "Fe wnaethom ofyn i Wasanaeth Erlyn y Goron am gyngor",  # a line of enquiry done, in Welsh
        "Nid yw cynllun Hawl Dioddefwyr i Adolygiad yn cynnwys y penderfyniad hwn",
        "Yn gywir",
    ):
        assert words in text, words
    assert any(month in text for month in MONTHS_CY)  # the date in Welsh, not "December"
    assert "â'r olchfa geir" in text  # plain text: an apostrophe is not escaped as HTML
    for english in ("What we decided", "Dear ", "Yours sincerely", "December", "interpreter must read", "&#"):
        assert english not in text, english


def test_without_the_officers_words_in_welsh_the_letter_is_english_with_the_note_in_welsh(world: World) -> None:
    dl = letter_for(world, "cy")
    assert dl.letter.rendered_language == "en"
    assert dl.letter.interpreter_note
    text = " ".join(pdf_text(dl.letter).split())
    assert "What we decided" in text
    assert "Mae'r llythyr hwn yn Saesneg" in text


def test_the_english_letter_is_unchanged_by_the_welsh_texts(world: World) -> None:
    """The English letter is the same whether or not the Welsh texts and the dates as dates are in
    its context: English only, with "December", and no Welsh."""
    dl = letter_for(world, "en")
    text = " ".join(pdf_text(dl.letter).split())
    assert dl.letter.rendered_language == "en"
    assert "December 2026" in text or any(m in text for m in ("January", "November"))
    for welsh in ("Annwyl", "penderfyniad", "Rhagfyr", "Yn gywir", "&#"):
        assert welsh not in text, welsh
    context = {
        "force_name": "West Midlands Police",
        "victim_name": "Siobhán O'Brien",
        "case_reference": "WMP 1",
        "officer_name": "PC One",
        "officer_phone": "01632 960001",
        "officer_email": "one@example.org",
        "message": Localised({"en": "We arrested someone.", "cy": "Rydym wedi arestio rhywun."}),
        "date_long": "7 December 2026",
        "date_numeric": "07.12.2026",
    }
    english_only = {**context, "message": Localised({"en": "We arrested someone."})}
    with_date = {**context, "letter_date": dt.date(2026, 12, 7)}
    english = letters.compose("victim_update", "en", english_only)
    assert english == letters.compose("victim_update", "en", with_date)
    assert "Dear Siobhán O'Brien," in [b.text for b in english[2]]  # not O&#x27;Brien
    language, _subject, blocks, _note = letters.compose("victim_update", "cy", with_date)
    assert language == "cy"
    assert blocks[0].text == "West Midlands Police\n7 Rhagfyr 2026"


def test_the_welsh_texts_are_data_marked_for_a_translators_check_and_cover_every_english_text() -> None:
    held = json.loads((letter_content.LETTER_TEXTS_DIR / "cy.json").read_text(encoding="utf-8"))
    assert "qualified translator" in held["_translation"]
    assert set(letter_content.ENQUIRY_TEXTS["cy"]) == set(letter_content.NOT_POSSIBLE_TEXTS["en"])
    assert set(letter_content.NOT_POSSIBLE_TEXTS["cy"]) == set(letter_content.NOT_POSSIBLE_TEXTS["en"])
    assert {"14", "15", "16", "18", "21"} <= set(letter_content.OUTCOME_TEXTS["cy"])
    for kind in ("written_reasons", "review_outcome", "victim_update", letters.NOTE_KIND):
        template = letters._templates(kind)["cy"]
        assert "qualified translator" in template.translation


def test_a_welsh_letter_lists_what_could_not_be_done_in_welsh() -> None:
    section = letter_content.not_possible_list([("digital", "The phone was never found.")])
    assert section.get("cy").startswith("# Yr hyn nad oeddem yn gallu ei wneud, a pham")
    assert "Nid oeddem yn gallu chwilio am dystiolaeth ar ffonau ac ar-lein" in section.get("cy")
